"""The service page reads a bounded number of queries, whatever the number of grants that fund
it and of changes in its history (it once ran 20)."""

import pytest

from referentiel.models import StatutImmigration, Territoire
from tests.factories import ServiceFactory, ServiceFinanceFactory, SubventionFactory


@pytest.fixture
def service_finance(db, organisme):
    service = ServiceFactory(organisme=organisme, nom="Accueil et orientation")
    statuts = list(StatutImmigration.objects.order_by("ordre")[:3])
    territoires = list(Territoire.objects.order_by("nom")[:2])
    # A history with field and many-to-many changes: its reading must not cost per change.
    service.lieu = "Saint-Laurent"
    service.save()
    service.statuts_vises.set(statuts[:2])
    service.territoires.set(territoires)
    service.lieu = "Verdun"
    service.save()
    return service


def _financer(service, nombre):
    for _ in range(nombre):
        ServiceFinanceFactory(service=service, subvention=SubventionFactory())


def test_requetes_bornees(client_de, agent, service_finance, django_assert_max_num_queries):
    client = client_de(agent)
    url = f"/subventions/services/{service_finance.pk}/"
    _financer(service_finance, 2)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
    _financer(service_finance, 6)
    service_finance.lieu = "Montréal-Nord"
    service_finance.save()
    with django_assert_max_num_queries(11):
        reponse = client.get(url)
    assert reponse.status_code == 200
    assert len(reponse.context["financements"]) == 8
