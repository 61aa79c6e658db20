"""Every list takes any `?page=` / `?per_page=` without a 500: 1 to 100 rows, a page that exists."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OrganismeFactory

LISTES = ["/organismes/", "/subventions/", "/subventions/programmes/", "/subventions/services/"]
FUZZ = settings(  # max_examples: the profile's (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

valeurs = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "-1", "-5", "0", "1e3", "NaN", "1.5", "abc", "99", "1000000"]),
    st.text(max_size=12),
)


@pytest.fixture
def agent_connecte(client, agent):
    client.force_login(agent)
    return client


@FUZZ
@given(url=st.sampled_from(LISTES), page=valeurs, par_page=valeurs)
def test_parametres_de_pagination_quelconques(agent_connecte, url, page, par_page):
    reponse = agent_connecte.get(url, {"page": page, "per_page": par_page})
    assert reponse.status_code == 200
    table = reponse.context["table"]
    assert 1 <= table.paginator.per_page <= 100
    assert 1 <= table.page.number <= table.paginator.num_pages


@pytest.mark.parametrize("par_page", ["-1", "-5"])
def test_par_page_negatif_donne_une_ligne(agent_connecte, par_page):
    OrganismeFactory.create_batch(3)
    reponse = agent_connecte.get("/organismes/", {"per_page": par_page})
    assert reponse.status_code == 200
    assert len(reponse.context["table"].paginated_rows) == 1


def test_par_page_plafonne_a_100(agent_connecte):
    OrganismeFactory.create_batch(105)
    reponse = agent_connecte.get("/organismes/", {"per_page": "1000000"})
    assert len(reponse.context["table"].paginated_rows) == 100
    assert reponse.context["table"].paginator.num_pages == 2


def test_page_au_dela_de_la_fin_montre_la_derniere(agent_connecte):
    OrganismeFactory.create_batch(30)
    reponse = agent_connecte.get("/organismes/", {"page": "99"})
    assert reponse.status_code == 200
    table = reponse.context["table"]
    assert table.page.number == 2
    assert len(table.paginated_rows) == 5
