"""The rows the reports' documents list (the Sommaire workbook's sheets, the annual report's
list of grants), over the same perimeter as the figures (rapports.selectors), each grant's
amount in the column that names it. Their writers read them as values, never as objects."""

from django.db.models import Case, F, Q, QuerySet, When

from organismes.models import nom_affiche
from reddition.models import Obligation
from subventions.models import Subvention, ordre_numero
from versements.models import Versement

from .selectors.portee import Filtres, _des_subventions, perimetre


def _avec_montants_nommes(qs, exercice):
    """Each grant's amount in the column that names it: `montant_propose` (not decided yet) or
    `montant_accorde_engage` (approved or later), None otherwise; for one exercice, the same
    split of that year's répartition (`part_proposee`, `part_accordee`). A column's total is
    then the figure of its name: Σ part_accordee is the exercice's engagé."""
    proposee = Q(statut__in=Subvention.STATUTS_PROPOSES)
    engagee = Q(statut__in=Subvention.STATUTS_ENGAGES)
    montants = {
        "montant_propose": Case(When(proposee, then=F("montant_accorde"))),
        "montant_accorde_engage": Case(When(engagee, then=F("montant_accorde"))),
    }
    if exercice is not None:
        qs = qs.avec_part_exercice(exercice)
        montants["part_proposee"] = Case(When(proposee, then=F("part_exercice")))
        montants["part_accordee"] = Case(When(engagee, then=F("part_exercice")))
    return qs.annotate(**montants)


def subventions_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Subvention]:
    """The grants of the perimeter with what the workbook writes, in number order, their
    amounts split into proposé and accordé (_avec_montants_nommes)."""
    qs = perimetre(user=user, filtres=filtres).par_numero()
    return _avec_montants_nommes(qs, filtres.exercice)


def versements_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Versement]:
    """Every instalment of the perimeter's grants (planned, paid, retained or cancelled)."""
    return _des_subventions(Versement.objects.all(), user, filtres).order_by(
        *ordre_numero("subvention__"), "rang"
    )


def obligations_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Obligation]:
    """Every reporting obligation of the perimeter's grants, with its état (en retard today)."""
    return (
        _des_subventions(Obligation.objects.all(), user, filtres)
        .avec_etat()
        .order_by("date_echeance", "pk")
    )


def lignes_du_rapport_annuel(*, user, filtres: Filtres) -> QuerySet:
    """The annual report's list of grants as plain rows (dicts: numero, nom_organisme, titre,
    statut, montant_propose, montant_accorde_engage, part_proposee, part_accordee: see
    _avec_montants_nommes), in number order: at 20,000 grants the PDF streams these instead of
    building model instances."""
    qs = _avec_montants_nommes(perimetre(user=user, filtres=filtres).par_numero(), filtres.exercice)
    return qs.annotate(nom_organisme=nom_affiche("organisme__")).values(
        "numero",
        "nom_organisme",
        "titre",
        "statut",
        "montant_propose",
        "montant_accorde_engage",
        "part_proposee",
        "part_accordee",
    )
