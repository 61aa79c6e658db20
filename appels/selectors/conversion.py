"""Reads for the call's last step: what the action will do, the grants a call became, the grant
a retained application became (and back, for the grant's page)."""

from decimal import Decimal

from ..models import Demande
from ..permissions_conversion import lettres_a_envoyer, retenues_a_convertir
from .comite import montant_recommande_de


def apercu_conversion(appel) -> dict:
    """The confirmation page: each retained application still without a grant with the amount
    its grant will carry, the organisations about to receive their letter, the waitlist (which
    gets nothing yet) and whether the call will be decided."""
    retenues = list(
        retenues_a_convertir(appel).select_related("organisme", "recommandation").order_by("pk")
    )
    for demande in retenues:
        demande.montant_de_la_subvention = montant_recommande_de(demande)
    lettres = list(
        lettres_a_envoyer(appel).select_related("demande__organisme").order_by("demande_id")
    )
    return {
        "retenues": retenues,
        "lettres": [r.demande for r in lettres],
        "en_attente": appel.demandes.filter(etat=Demande.Etat.LISTE_ATTENTE).count(),
        "total": sum((d.montant_de_la_subvention for d in retenues), Decimal("0")),
    }


def subventions_de_l_appel(appel) -> list:
    """The call's applications that became grants, with their grant, in application order."""
    return list(
        appel.demandes.filter(subvention__isnull=False)
        .select_related("organisme", "subvention")
        .order_by("pk")
    )


def origine_de(subvention):
    """The application a grant came from (with its call), or None."""
    return (
        Demande.objects.filter(subvention=subvention)
        .select_related("appel")
        .prefetch_related("pieces__copie", "pieces__document")
        .first()
    )
