"""The signing step's page: the instalments app's page, with the reporting obligations added to
the same transaction (this app comes after versements, so the composition lives here)."""

from versements.views.signature import ConventionSignerView as SignatureSansObligations

from ..services import obligations


class ConventionSignerView(SignatureSansObligations):
    """`cycle.ETAPES["signer"]`: signature, signed agreement, schedule and obligations, or
    nothing at all."""

    signer = staticmethod(obligations.convention_signer)
