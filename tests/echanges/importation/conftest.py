"""Fixtures of the import tests (their own directory: the other parts of the echanges app keep
theirs)."""

import io
from decimal import Decimal

import pytest

from tests.data.subventions_historiques import CHEMIN
from tests.factories import EnveloppeFactory, OrganismeFactory, ProgrammeFactory


@pytest.fixture
def referentiel_import(db):
    """The programmes and envelopes the sample workbook refers to, and two organisations it
    names (one by NEQ with no borough yet, one by its NEQ under another case and spacing)."""
    inclusive = ProgrammeFactory(code="montreal-inclusive", nom="Montréal inclusive")
    zones = ProgrammeFactory(code="zip", nom="Zones d'inclusion prioritaires")
    for programme in (inclusive, zones):
        for exercice in (2024, 2025, 2026):
            EnveloppeFactory(programme=programme, exercice=exercice, montant=Decimal("500000"))
    return {
        "inclusive": inclusive,
        "zones": zones,
        "carrefour": OrganismeFactory(
            nom_legal="Carrefour d'accueil de Saint-Laurent", neq="1145678901", arrondissement=None
        ),
        "verdun": OrganismeFactory(nom_legal="Maison des familles de Verdun", neq="1149876543"),
    }


@pytest.fixture
def classeur_historique():
    return io.BytesIO(CHEMIN.read_bytes())


def en_octets(classeur):
    """The bytes of a workbook: one the application wrote (noyau.classeurs) or a sender's file
    built with openpyxl (tests/data)."""
    if hasattr(classeur, "fermer"):
        return io.BytesIO(classeur.fermer().read())
    tampon = io.BytesIO()
    classeur.save(tampon)
    tampon.seek(0)
    return tampon
