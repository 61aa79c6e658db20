"""What each grant adds to the dashboard's running totals, read with the definitions of the
live figures: the grants' rows as `totaux_subventions` sums them, the répartitions of
`Repartition.objects.engagees()`/`proposees()`, the instalments of
`Versement.objects.payes()`, the reach of `reddition.selectors.rapports_retenus` and the
targets of `subventions.selectors.requetes_cibles_par_rubrique`, each grouped by grant.

A grant counts under every exercice it touches (a répartition that year) and under
TOUS_LES_EXERCICES: the dashboard's exercice filter is `Subvention.objects.avec_argent_en`."""

from collections import defaultdict
from decimal import Decimal
from functools import partial

from django.db.models import Sum

from reddition.selectors import requete_participants_rejoints_par_rubrique
from subventions.models import Repartition, Subvention
from subventions.selectors import requetes_cibles_par_rubrique
from versements.models import Versement

from ..models import TOUS_LES_EXERCICES, TOUS_LES_PROGRAMMES, Cumul

F = Cumul.Figure
ZERO = Decimal("0")

# A key of Cumul, by column: (figure, programme, exercice, statut, organisme, rubrique,
# statut_immigration).
COLONNES_DE_LA_CLE = (
    "figure",
    "programme",
    "exercice",
    "statut",
    "organisme_id",
    "rubrique",
    "statut_immigration",
)


def cle(figure, programme, exercice, *, statut="", organisme=0, rubrique=0, statut_imm=0):
    return (str(figure), programme, exercice, statut, organisme, rubrique, statut_imm or 0)


def _ajouter(lignes, programme, exercice, figure, valeur, **cles):
    lignes[cle(figure, programme, exercice, **cles)] = valeur


def en_cents(montant) -> int:
    return int((montant or ZERO) * 100)


def contributions(ids) -> dict[int, dict[tuple, int]]:
    """{grant pk: {Cumul key: value}} for the grants `ids` (money in cents); a grant that no
    longer exists contributes nothing (an empty dict). Six queries whatever their number."""
    subventions = Subvention.objects.filter(pk__in=ids)
    repartitions = defaultdict(dict)
    for sub, exercice, montant in Repartition.objects.filter(subvention__in=ids).values_list(
        "subvention", "exercice", "montant"
    ):
        repartitions[sub][exercice] = montant
    verses = defaultdict(list)
    for sub, exercice, total in (
        Versement.objects.payes()
        .filter(subvention__in=ids)
        .order_by()
        .values("subvention", "exercice")
        .annotate(total=Sum("montant"))
        .values_list("subvention", "exercice", "total")
    ):
        verses[sub].append((exercice, total))
    rejoints = defaultdict(list)
    for sub, rubrique, statut, n in requete_participants_rejoints_par_rubrique(
        subventions, par_subvention=True
    ):
        rejoints[sub].append((rubrique, statut, n))
    vises = defaultdict(list)
    for requete in requetes_cibles_par_rubrique(
        subventions.filter(statut__in=Subvention.STATUTS_ENGAGES), par_subvention=True
    ):
        for sub, rubrique, statut, n in requete:
            vises[sub].append((rubrique, statut, n))
    resultat = {pk: {} for pk in ids}
    for pk, programme, statut, organisme, demande, accorde in subventions.values_list(
        "pk", "programme", "statut", "organisme", "montant_demande", "montant_accorde"
    ):
        parts = repartitions.get(pk, {})
        lignes = resultat[pk]
        engagee = statut in Subvention.STATUTS_ENGAGES
        for exercice in (TOUS_LES_EXERCICES, *parts):
            tout = exercice == TOUS_LES_EXERCICES
            ajouter = partial(_ajouter, lignes, programme, exercice)
            ajouter(F.DEMANDE, en_cents(demande), statut=statut)
            ajouter(F.MONTANT, en_cents(accorde), statut=statut)
            if not tout:
                ajouter(F.PART, en_cents(parts[exercice]), statut=statut)
            for rubrique, statut_imm, n in rejoints.get(pk, ()):
                ajouter(F.REJOINTS, n or 0, rubrique=rubrique, statut_imm=statut_imm)
            if not engagee:
                continue
            for rubrique, statut_imm, n in vises.get(pk, ()):
                ajouter(F.VISES, n or 0, rubrique=rubrique, statut_imm=statut_imm)
            if parts:
                engage = en_cents(sum(parts.values(), ZERO) if tout else parts[exercice])
                for p in (programme, TOUS_LES_PROGRAMMES):
                    _ajouter(lignes, p, exercice, F.ENGAGE_ORGANISME, engage, organisme=organisme)
        for exercice, total in verses.get(pk, ()):
            lignes[cle(F.VERSE, programme, exercice)] = en_cents(total)
    return resultat
