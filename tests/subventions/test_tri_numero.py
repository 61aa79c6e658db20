"""Grant numbers sort as numbers (year, then sequence) on every grants table: BINAM-2026-999
comes before BINAM-2026-1000 and BINAM-2026-9915, where text would put it above them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subventions.models import Subvention
from tests.factories import (
    OrganismeFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
)

NUMEROS_CROISSANTS = ["BINAM-2025-9999", "BINAM-2026-002", "BINAM-2026-999", "BINAM-2026-9915"]


@pytest.fixture
def organisme_quatre(db):
    organisme = OrganismeFactory(nom_legal="Même organisme")
    # Created out of order, so that the insertion order proves nothing.
    for numero in ("BINAM-2026-999", "BINAM-2025-9999", "BINAM-2026-9915", "BINAM-2026-002"):
        SubventionFactory(numero=numero, organisme=organisme)
    return organisme


def _numeros(reponse, nom="table"):
    return [row.record.numero for row in reponse.context[nom].paginated_rows]


def test_colonnes_generees_lisent_le_numero(organisme_quatre):
    s = Subvention.objects.get(numero="BINAM-2026-9915")
    assert (s.annee_numero, s.sequence_numero) == (2026, 9915)


def test_liste_par_defaut_et_tri_numero(client_de, agent, organisme_quatre):
    client = client_de(agent)
    assert _numeros(client.get("/subventions/")) == NUMEROS_CROISSANTS[::-1]
    assert _numeros(client.get("/subventions/", {"sort": "numero"})) == NUMEROS_CROISSANTS
    assert _numeros(client.get("/subventions/", {"sort": "-numero"})) == NUMEROS_CROISSANTS[::-1]


def test_departage_numerique(client_de, agent, organisme_quatre):
    # Same organisation and status: the tie-breaker is the numéro, as numbers too.
    client = client_de(agent)
    assert _numeros(client.get("/subventions/", {"sort": "organisme"})) == NUMEROS_CROISSANTS


def test_fiche_organisme(client_de, agent, organisme_quatre):
    reponse = client_de(agent).get(organisme_quatre.get_absolute_url())
    contenu = reponse.content.decode()
    positions = [contenu.index(n + "<") for n in NUMEROS_CROISSANTS[::-1]]
    assert positions == sorted(positions)


def test_fiche_service(client_de, agent, organisme_quatre):
    service = ServiceFactory()
    for s in Subvention.objects.all():
        ServiceFinanceFactory(service=service, subvention=s)
    contenu = client_de(agent).get(f"/subventions/services/{service.pk}/").content.decode()
    positions = [contenu.index(n + "<") for n in NUMEROS_CROISSANTS[::-1]]
    assert positions == sorted(positions)


def test_filtre_statut_sans_distinct(client_de, agent, organisme_quatre):
    # DISTINCT over every column made PostgreSQL sort all matching grants before paginating.
    with CaptureQueriesContext(connection) as ctx:
        reponse = client_de(agent).get("/subventions/", {"statut": ["en_analyse", "en_cours"]})
    assert len(_numeros(reponse)) == 4
    assert not any("DISTINCT" in q["sql"] for q in ctx.captured_queries)
