"""The signing step's page: the instalments app's page, with the reporting obligations added to
the same transaction (this app comes after versements, so the composition lives here)."""

from versements.views.signature import ConventionSignerView as SignatureSansObligations

from .. import services


class ConventionSignerView(SignatureSansObligations):
    """`cycle.ETAPES["signer"]`: signature, signed agreement, schedule and obligations, or
    nothing at all."""

    def faire(self, subvention, donnees):
        return services.convention_signer(
            subvention=subvention,
            par=self.request.user,
            date_signature=donnees["date_signature"],
            document=donnees["document"],
            commentaire=donnees["commentaire"],
        )
