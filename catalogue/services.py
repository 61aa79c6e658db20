"""Business steps on the integration services catalogue (agents only, see permissions)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from noyau.historique import auteur

from .models import ServiceIntegration

CHAMPS = ("nom", "organisme", "rubrique", "description", "lieu", "actif")


def _verifier_statuts(statuts_vises):
    if not statuts_vises:
        raise ValidationError(
            {"statuts_vises": _("Choisissez au moins un statut d'immigration visé.")},
            code="statuts_requis",
        )


def _enregistrer(service, par, statuts_vises, territoires):
    """Saves the row and its m2m, then writes ONE historical record with the final values.

    Left alone, simple-history writes a record per save and per m2m add/remove: one edit would
    show as three or four entries in the history.
    """
    service.skip_history_when_saving = True
    try:
        service.save()
        service.statuts_vises.set(statuts_vises)
        service.territoires.set(territoires)
    finally:
        del service.skip_history_when_saving
    auteur(service, par)
    service.save()


@transaction.atomic
def service_creer(
    *,
    par,
    nom,
    organisme,
    rubrique,
    statuts_vises,
    territoires=(),
    description="",
    lieu="",
    actif=True,
) -> ServiceIntegration:
    """Creates a service. A service targets at least one immigration status."""
    _verifier_statuts(statuts_vises)
    service = ServiceIntegration(
        nom=nom,
        organisme=organisme,
        rubrique=rubrique,
        description=description,
        lieu=lieu,
        actif=actif,
    )
    service.full_clean()
    _enregistrer(service, par, statuts_vises, territoires)
    # The one record was written by an UPDATE, hence "~": it is the creation.
    service.history.filter(pk=service.history.first().pk).update(history_type="+")
    return service


@transaction.atomic
def service_modifier(*, service, par, statuts_vises, territoires=(), **champs):
    """Edits a service. At least one status stays targeted; once a grant funds the service its
    organisation is fixed (the grant's money would otherwise follow another organisation)."""
    inconnus = set(champs) - set(CHAMPS)
    if inconnus:
        raise TypeError(f"Champs inconnus: {sorted(inconnus)}")
    _verifier_statuts(statuts_vises)
    service = ServiceIntegration.objects.select_for_update().get(pk=service.pk)
    organisme = champs.get("organisme")
    # `financements` is the reverse side of subventions.ServiceFinance.service: the rule asks
    # it through the relation, without importing the later app.
    if (
        organisme is not None
        and organisme.pk != service.organisme_id
        and service.financements.exists()
    ):
        raise ValidationError(
            {
                "organisme": _(
                    "Une subvention finance déjà ce service : son organisme ne peut plus changer."
                )
            },
            code="organisme_fige",
        )
    for nom, valeur in champs.items():
        setattr(service, nom, valeur)
    service.full_clean()
    _enregistrer(service, par, statuts_vises, territoires)
    return service
