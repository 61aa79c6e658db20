"""Every write on instalments: the schedule (echeancier), the payment steps (paiements), the
amendment's adjustment (avenants).

The reporting app reaches two steps of the schedule through this package
(`versements.services.convention_signer`, `versements_liberer`); everyone else imports the
module that holds the step.
"""

from .echeancier import convention_signer, versements_liberer

__all__ = ["convention_signer", "versements_liberer"]
