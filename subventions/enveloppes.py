"""A programme's envelopes, set by its managers outside the admin: the envelope's own small
service module, beside the grant's (subventions/services/)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from noyau.historique import auteur
from noyau.permissions import peut

from .models import Enveloppe, Programme


def enveloppe_fixer(*, programme, exercice, montant, par, raison) -> Enveloppe:
    """Sets a programme's envelope for one exercice (created, or adjusted when it exists).

    Rules: only a manager (`subventions.fixer_enveloppe`); a reason is required and kept as the
    history's change reason; the envelope never drops below what approved grants commit that
    year (`Enveloppe.clean`). The envelope row is locked, as approvals lock it while they
    check the room left (`selectors.apercu_enveloppes(verrouiller=True)`), so a lowering and an
    approval cannot both pass on numbers the other is changing; the programme row is locked too,
    so two first envelopes for the same year wait on each other instead of colliding."""
    if not peut(par, "subventions.fixer_enveloppe", programme):
        raise PermissionDenied(_("Seul un gestionnaire fixe les enveloppes d'un programme."))
    raison = (raison or "").strip()
    if not raison:
        raise ValidationError({"raison": _("Indiquez la raison du changement d'enveloppe.")})
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        enveloppe = (
            Enveloppe.objects.select_for_update()
            .filter(programme=programme, exercice=exercice)
            .first()
        ) or Enveloppe(programme=programme, exercice=exercice)
        enveloppe.montant = montant
        enveloppe.full_clean()
        auteur(enveloppe, par, raison)
        enveloppe.save()
    return enveloppe
