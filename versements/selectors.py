"""Reads scoped to the user, and the one place where "versé" is computed.

Versé (paid) is the sum of the instalments whose status is `payé`. Per exercice, which payments
count is the QuerySet's rule (Versement.objects.payes_de_l_exercice and the total_par_*_paye
methods), and the figures per programme and exercice are rapports.selectors.situation's.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from noyau.permissions import autorises, peut
from noyau.requetes import parmi
from subventions.models import ordre_numero
from subventions.selectors import subventions_visibles

from .models import LotPaiement, ModificationEcheancier, Versement

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


def total_verse(*, subventions, exercice=None) -> Decimal:
    """Σ paid for these grants (a QuerySet of Subvention): every payment ever made on them or,
    for one `exercice`, the payments that count as versé of that year
    (`payes_de_l_exercice`, the rule the dashboard's versé reads), so that a list filtered by
    exercice and the dashboard of that exercice show the same figure."""
    payes = Versement.objects.payes()
    if exercice is not None:
        payes = Versement.objects.payes_de_l_exercice(exercice)
    return parmi(payes, "subvention", subventions).total()


def totaux_versements(*, versements) -> dict:
    """Σ by status of a list of instalments (over the filtered rows, every page): prévu,
    autorisé, retenu and payé, and `hors_annules`, their sum: every status but cancelled, so
    that the parts add up to the schedule workbook's total « hors annulés » over the same
    rows (a held instalment is still owed; only a cancelled one is not)."""
    agregat = versements.order_by().aggregate(
        nombre=Count("pk"),
        prevu=Sum("montant", filter=Q(statut=V.PREVU)),
        autorise=Sum("montant", filter=Q(statut=V.AUTORISE)),
        retenu=Sum("montant", filter=Q(statut=V.RETENU)),
        paye=Sum("montant", filter=Q(statut=V.PAYE)),
    )
    totaux = {cle: agregat[cle] or ZERO for cle in ("prevu", "autorise", "retenu", "paye")}
    totaux["hors_annules"] = sum(totaux.values(), ZERO)
    return {"nombre": agregat["nombre"], **totaux}


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


# --- Proposed schedule changes ----------------------------------------------------------------


def modifications_visibles(*, user) -> QuerySet[ModificationEcheancier]:
    """The proposed schedule changes of the grants `user` may see (staff only see them)."""
    if not peut(user, "versements.voir_modifications"):
        return ModificationEcheancier.objects.none()
    return parmi(
        ModificationEcheancier.objects.all(), "subvention", subventions_visibles(user=user)
    ).select_related("subvention", "subvention__organisme", "propose_par")


def modifications_a_approuver(*, user) -> QuerySet[ModificationEcheancier]:
    """The proposals this user may approve now (`versements.approuver_modification`: a
    manager, never on a proposal of their own)."""
    return autorises(user, "versements.approuver_modification", modifications_visibles(user=user))


def modifications_echeancier(*, subvention) -> list[ModificationEcheancier]:
    """The grant's proposed schedule changes, the newest first, each with its lines compared
    and, while it waits, whether the schedule moved since (it can then only be refused)."""
    modifications = list(
        subvention.modifications_echeancier.select_related("propose_par", "decide_par")
    )
    for modification in modifications:
        modification.comparees = lignes_comparees(modification)
        modification.perimee = modification_perimee(modification)
    return modifications


def modification_perimee(modification) -> bool:
    # Imported here: the services import this module's app, not the other way round.
    from .services.echeancier import version_echeancier

    return (
        modification.statut == ModificationEcheancier.Statut.PROPOSEE
        and modification.version != version_echeancier(modification.subvention)
    )


def _ligne_lisible(ligne):
    if ligne is None:
        return None
    return {
        "montant": Decimal(ligne["montant"]),
        "date_prevue": date.fromisoformat(ligne["date_prevue"]),
        "condition": Versement.Condition(ligne["condition"]).label,
    }


def lignes_comparees(modification) -> list[dict]:
    """Before → after, line by line: each proposed line beside the planned instalment it edits
    (none for a new one), then the planned instalments it removes (cancelled if approved)."""
    avant = {ligne["versement"]: ligne for ligne in modification.avant}
    lignes = []
    for ligne in modification.lignes:
        ancienne = avant.pop(ligne.get("versement"), None)
        lisible = _ligne_lisible(ancienne), _ligne_lisible(ligne)
        lignes.append(
            {
                "rang": ancienne["rang"] if ancienne else None,
                "avant": lisible[0],
                "apres": lisible[1],
                "change": lisible[0] != lisible[1],
            }
        )
    for ancienne in avant.values():
        lignes.append(
            {
                "rang": ancienne["rang"],
                "avant": _ligne_lisible(ancienne),
                "apres": None,
                "change": True,
            }
        )
    return lignes
