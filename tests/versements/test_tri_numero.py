"""The instalments and obligations lists sort grant numbers as numbers too (year, sequence):
BINAM-2026-999 before BINAM-2026-9915."""

import pytest

from tests.factories import ObligationFactory, SubventionFactory, VersementFactory

NUMEROS_CROISSANTS = ["BINAM-2025-9999", "BINAM-2026-002", "BINAM-2026-999", "BINAM-2026-9915"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def quatre(organisme):
    # Created out of order, so that the insertion order proves nothing.
    subventions = []
    for numero in ("BINAM-2026-999", "BINAM-2025-9999", "BINAM-2026-9915", "BINAM-2026-002"):
        s = SubventionFactory(numero=numero, organisme=organisme, statut="en_cours")
        VersementFactory(subvention=s)
        ObligationFactory(subvention=s)
        subventions.append(s)
    return subventions


def _numeros(reponse):
    return [row.record.subvention.numero for row in reponse.context["table"].paginated_rows]


@pytest.mark.parametrize("url", ["/versements/", "/reddition/obligations/"])
def test_tri_par_subvention_numerique(client_de, gestionnaire, quatre, url):
    client = client_de(gestionnaire)
    assert _numeros(client.get(url, {"sort": "subvention"})) == NUMEROS_CROISSANTS
    assert _numeros(client.get(url, {"sort": "-subvention"})) == NUMEROS_CROISSANTS[::-1]
