"""The export's fast extraction gives exactly what django-tables2 itself would export."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django_tables2.rows import BoundRow

from noyau.exports import _normaliser, colonnes_exportables, lignes
from organismes.selectors import organismes_pour_liste
from organismes.tables import OrganismeTable
from subventions import selectors
from subventions.tables import ServiceTable, SubventionTable
from tests.factories import UserFactory


@pytest.fixture
def donnees(db):
    call_command("demo", "--subventions", "25", "--organismes", "6", stdout=io.StringIO())
    return UserFactory(username="lecteur", roles=["gestionnaire"])


@pytest.mark.parametrize(
    ("table_class", "selector"),
    [
        (SubventionTable, lambda u: selectors.subventions_visibles(user=u)),
        (OrganismeTable, lambda u: organismes_pour_liste(user=u)),
        (ServiceTable, lambda u: selectors.services_visibles(user=u)),
    ],
)
def test_memes_valeurs_que_django_tables2(donnees, table_class, selector):
    requete = RequestFactory().get("/")
    requete.user = donnees
    queryset = selector(donnees)
    table = table_class(queryset, request=requete)
    colonnes = colonnes_exportables(table)
    attendu = [
        [_normaliser(BoundRow(r, table=table).get_cell_value(c.name)) for c in colonnes]
        for r in queryset
    ]
    obtenu = list(lignes(table, queryset))
    assert obtenu[0] == [str(c.header) for c in colonnes]
    assert obtenu[1:] == attendu
    assert len(attendu) > 5
