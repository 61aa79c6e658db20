"""An application may be retained only once an agent has verified its organisation: one that
registered online (organismes.inscription) waits for that check (organismes.services.
organisme_verifier). Asked by the committee's decision (appels.services.comite)."""

import rules
from django.utils.translation import gettext_lazy as _

from noyau.regles import Condition, regle


@rules.predicate
def organisme_verifie(user, demande):
    return demande is not None and demande.organisme.verifie_le is not None


# Also a condition of retaining an application from the waitlist (permissions_conversion).
ORGANISME_VERIFIE = Condition(
    organisme_verifie,
    _("L'organisme n'a pas encore été vérifié par un agent : la demande ne peut pas être retenue."),
    etat=True,
)
regle("appels.retenir", ORGANISME_VERIFIE)
