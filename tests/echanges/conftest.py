import pytest

from tests.echanges.donnees_ouvertes import jeu_de_donnees


@pytest.fixture
def donnees(db):
    """The open data tests' programme and grants (tests/echanges/donnees_ouvertes.py)."""
    return jeu_de_donnees()
