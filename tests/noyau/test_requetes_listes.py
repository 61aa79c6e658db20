"""What the lists ask the database: rows counted once, no scope filter where nothing is hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from noyau.requetes import parmi
from subventions.selectors import subventions_visibles
from tests.factories import VersementFactory
from versements.models import Versement


@pytest.fixture
def versements(organisme, autre_organisme):
    return [
        VersementFactory(subvention__organisme=organisme),
        VersementFactory(subvention__organisme=organisme),
        VersementFactory(subvention__organisme=autre_organisme),
    ]


def _requetes(client, url):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return [r["sql"] for r in requetes.captured_queries]


@pytest.mark.parametrize("url", ["/versements/", "/subventions/"])
def test_lignes_comptees_une_fois(client_de, gestionnaire, versements, url):
    requetes = _requetes(client_de(gestionnaire), url)
    comptes = [sql for sql in requetes if "COUNT(" in sql.upper()]
    assert len(comptes) == 1, comptes


def test_le_personnel_voit_tout_sans_sous_requete(client_de, gestionnaire, versements):
    requetes = _requetes(client_de(gestionnaire), "/versements/")
    assert not [sql for sql in requetes if "IN (SELECT" in sql.upper()]


def test_parmi_restreint_quand_la_portee_filtre(partenaire, gestionnaire, versements):
    propres = parmi(Versement.objects.all(), "subvention", subventions_visibles(user=partenaire))
    assert set(propres) == set(versements[:2])
    tous = parmi(Versement.objects.all(), "subvention", subventions_visibles(user=gestionnaire))
    assert "IN (SELECT" not in str(tous.query).upper()
    assert tous.count() == 3
    aucun = subventions_visibles(user=partenaire).none()
    assert not parmi(Versement.objects.all(), "subvention", aucun).exists()


def test_page_triee_sur_la_table_seule_puis_ses_jointures(client_de, gestionnaire):
    from decimal import Decimal

    from tests.factories import SubventionFactory

    montants = [Decimal(1000 + 10 * i) for i in range(30)]
    for montant in montants:
        SubventionFactory(montant_demande=montant)
    client = client_de(gestionnaire)
    url = "/subventions/?sort=-montant_demande&page=2"
    requetes = _requetes(client, url)
    tri = [
        sql for sql in requetes if "ORDER BY" in sql and '"subventions_subvention"."id" AS' in sql
    ]
    assert tri and "organismes_organisme" not in tri[0]
    lignes = list(client.get(url).context["table"].page.object_list)
    assert [ligne.record.montant_demande for ligne in lignes] == sorted(montants, reverse=True)[25:]
