"""Shared data of the open data tests: one programme, grants in every state that matters."""

import datetime
from decimal import Decimal

from subventions.models import Subvention
from tests.factories import (
    OrganismeFactory,
    ProgrammeFactory,
    VersementFactory,
    subvention_repartie,
)
from versements.models import Versement

S = Subvention.Statut


def subvention(programme, statut, parts, **kwargs):
    """A grant of `programme` in `statut` with its répartition {exercice: montant}."""
    return subvention_repartie(
        parts,
        programme=programme,
        statut=statut,
        numero_resolution="CE26 0123",
        date_decision=datetime.date(2026, 3, 4),
        **kwargs,
    )


def jeu_de_donnees():
    programme = ProgrammeFactory(code="montreal-inclusive", nom="Montréal inclusive")
    accentue = OrganismeFactory(nom_legal="Carrefour d'accueil Côte-des-Neiges–Notre-Dame-de-Grâce")
    a = subvention(
        programme,
        S.APPROUVEE,
        {2026: Decimal("30000.50"), 2027: Decimal("9999.50")},
        organisme=accentue,
        titre="Accueil des réfugiés & « nouveaux arrivants » <b>été</b>",
        description="Première ligne\nDeuxième ligne, « guillemets »",
    )
    b = subvention(programme, S.EN_COURS, {2026: Decimal("15000.00")}, description="")
    VersementFactory(
        subvention=b,
        montant=Decimal("12000.00"),
        statut=Versement.Statut.PAYE,
        date_paiement=datetime.date(2026, 4, 1),
        reference_paiement="PAI-1",
    )
    VersementFactory(subvention=b, montant=Decimal("3000.00"))  # planned, not paid
    formule = subvention(
        programme, S.FERMEE, {2026: Decimal("1000.00")}, titre='=HYPERLINK("http://x")'
    )
    annulee = subvention(programme, S.ANNULEE, {2026: Decimal("5000.00")})
    refusee = subvention(programme, S.REFUSEE, {2026: Decimal("6000.00")})
    en_analyse = subvention(programme, S.EN_ANALYSE, {2026: Decimal("7000.00")})
    autre_annee = subvention(programme, S.APPROUVEE, {2027: Decimal("8000.00")})
    autre_programme = subvention(ProgrammeFactory(), S.APPROUVEE, {2026: Decimal("9000.00")})
    return {
        "programme": programme,
        "publiees": [a, b, formule],
        "absentes": [annulee, refusee, en_analyse, autre_annee, autre_programme],
        "a": a,
        "b": b,
        "formule": formule,
    }


def contenu(reponse):
    """The whole body of a streamed download."""
    return b"".join(reponse.streaming_content)
