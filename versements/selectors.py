"""Reads scoped to the user, and the one place where "versé" is computed.

Versé (paid) is the sum of the instalments whose status is `payé`. Per exercice, which payments
count is the QuerySet's rule (Versement.objects.payes_de_l_exercice and the total_par_*_paye
methods), and the figures per programme and exercice are rapports.selectors.situation's.
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from noyau.permissions import autorises, peut
from noyau.requetes import parmi
from subventions.models import ordre_numero
from subventions.selectors import subventions_visibles

from .models import LotPaiement, Versement

V = Versement.Statut
ZERO = Decimal("0")


def versements_visibles(*, user) -> QuerySet[Versement]:
    """The instalments of the grants `user` may see (a partner: its organisation's only)."""
    return parmi(
        Versement.objects.all(), "subvention", subventions_visibles(user=user)
    ).select_related("subvention", "subvention__organisme", "subvention__programme", "lot")


def versements_a_autoriser(*, user) -> QuerySet[Versement]:
    """The instalments this user may authorise now (the rule `versements.autoriser`)."""
    return autorises(user, "versements.autoriser", versements_visibles(user=user))


def versements_a_payer(*, user) -> QuerySet[Versement]:
    """The authorised instalments whose payment this user may record now (`versements.payer`:
    their own files, and only while the grant is under agreement)."""
    return autorises(user, "versements.payer", versements_visibles(user=user))


def echeancier(*, subvention) -> list[Versement]:
    return list(subvention.versements.select_related("lot").order_by("rang"))


def total_verse(*, subventions) -> Decimal:
    """Σ paid for these grants (a QuerySet of Subvention)."""
    return parmi(Versement.objects.payes(), "subvention", subventions).total()


def totaux_versements(*, versements) -> dict:
    """Σ by status of a list of instalments (over the filtered rows, every page)."""
    agregat = versements.order_by().aggregate(
        nombre=Count("pk"),
        prevu=Sum("montant", filter=Q(statut=V.PREVU)),
        autorise=Sum("montant", filter=Q(statut=V.AUTORISE)),
        paye=Sum("montant", filter=Q(statut=V.PAYE)),
    )
    return {
        "nombre": agregat["nombre"],
        "prevu": agregat["prevu"] or ZERO,
        "autorise": agregat["autorise"] or ZERO,
        "paye": agregat["paye"] or ZERO,
    }


def versements_a_mettre_en_lot() -> QuerySet[Versement]:
    """Authorised instalments that no batch holds yet."""
    return Versement.objects.filter(statut=V.AUTORISE, lot__isnull=True)


def lots(*, user) -> QuerySet[LotPaiement]:
    """Past payment batches with their count and total (managers only)."""
    if not peut(user, "versements.voir_lots"):
        return LotPaiement.objects.none()
    return LotPaiement.objects.select_related("cree_par").annotate(
        nombre=Count("versements"), total=Sum("versements__montant")
    )


def lignes_du_lot(*, lot) -> QuerySet[Versement]:
    return lot.versements.select_related("subvention", "subvention__organisme").order_by(
        *ordre_numero("subvention__"), "rang"
    )


def total_verse_subvention(*, subvention) -> Decimal:
    return subvention.versements.payes().total()


def verse_par_subvention(*, subventions) -> dict:
    """{grant pk: Σ paid} for these grants (a QuerySet of Subvention), in one query; a grant
    with nothing paid is absent."""
    lignes = (
        Versement.objects.filter(subvention__in=subventions.values("pk"))
        .payes()
        .order_by()
        .values("subvention")
        .annotate(total=Sum("montant"))
    )
    return {ligne["subvention"]: ligne["total"] for ligne in lignes}
