"""The lists' fast paths write exactly what django-tables2 and Django's templates would."""

import datetime
import re

import django_tables2 as tables
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.forms.renderers import DjangoTemplates
from django.template import Template
from django.test import RequestFactory
from django_tables2.utils import signature as signature_lue

from noyau import tables as noyau_tables
from noyau.rendu import Rendu
from noyau.signatures import _originale
from noyau.tables import DateColumn, PastilleColumn, TemplateColumn
from reddition.selectors import obligations_visibles
from reddition.tables import ObligationTable
from subventions.filters import SubventionFilter
from subventions.selectors import subventions_visibles
from subventions.tables import SubventionTable
from tests.demo import demo_et_lecteur
from tests.partage import donnees_du_module
from versements.selectors import versements_visibles
from versements.tables import VersementTable


@pytest.fixture(scope="module")
def demo_du_module(django_db_setup, django_db_blocker):
    """The tests only read the demo: loaded once for the module (tests/partage.py)."""
    with donnees_du_module(django_db_blocker, demo_et_lecteur) as pk:
        yield pk


@pytest.fixture
def lecteur(db, demo_du_module):
    return get_user_model().objects.get(pk=demo_du_module)


def _requete(user):
    requete = RequestFactory().get("/")
    requete.user = user
    return requete


def _corps(html):
    corps = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", corps)).strip()


@pytest.mark.parametrize(
    ("table_class", "selector"),
    [
        (SubventionTable, subventions_visibles),
        (VersementTable, versements_visibles),
        (ObligationTable, obligations_visibles),
    ],
)
def test_corps_de_table_comme_django_tables2(lecteur, table_class, selector):
    requete = _requete(lecteur)
    rendus = []
    for gabarit in ("noyau/table.html", "django_tables2/table.html"):
        table = table_class(selector(user=lecteur), request=requete, template_name=gabarit)
        table.paginate(per_page=25)
        rendus.append(_corps(table.as_html(requete)))
    assert rendus[0] == rendus[1]
    assert rendus[0].count("<tr") >= 10


class Ligne:
    def __init__(self, nom, statut, le):
        self.nom, self.statut, self.le = nom, statut, le

    def get_statut_display(self):
        return {"ok": "Accepté & signé"}.get(self.statut, self.statut)


class TableEssai(tables.Table):
    nom = tables.Column(attrs={"td": {"data-nom": lambda record: record.nom.upper()}})
    statut = PastilleColumn(classe="etat")
    le = DateColumn(format="Y/m/d")

    class Meta:
        empty_text = "Rien <ici>"


def test_attributs_par_ligne_pastille_et_date(rf):
    lignes = [Ligne("a<b", "ok", datetime.date(2026, 11, 27)), Ligne("c", "x", None)]
    html = TableEssai(lignes, template_name="noyau/table.html").as_html(rf.get("/"))
    assert '<td data-nom="A&lt;B">a&lt;b</td>' in html
    assert '<td data-nom="C">c</td>' in html
    assert '<span class="pastille etat-ok">Accepté &amp; signé</span>' in html
    assert "<td >2026/11/27</td>" in html
    assert "<td >—</td>" in html


class DatesCourteEtLongue(tables.Table):
    courte = DateColumn(accessor="le")
    longue = DateColumn(accessor="le", short=False)


def test_date_courte_par_defaut_longue_sur_demande(rf, settings):
    settings.LANGUAGE_CODE = "fr-ca"
    html = DatesCourteEtLongue([Ligne("a", "ok", datetime.date(2026, 11, 20))]).as_html(rf.get("/"))
    assert "<td >2026-11-20</td>" in html
    assert "<td >20 novembre 2026</td>" in html


GABARIT = '<b title="{{ libelle }}">{{ record.nom }}</b>{% if value %} ({{ value }}){% endif %}'


class AvecGabarit(tables.Table):
    nom = TemplateColumn(GABARIT, extra_context={"libelle": "Nom & titre"})


class AvecGabaritDjangoTables2(tables.Table):
    nom = tables.TemplateColumn(GABARIT, extra_context={"libelle": "Nom & titre"})


def test_colonne_gabarit_compilee_une_fois_et_rendue_pareil(rf, monkeypatch):
    lignes = [Ligne("a<b", "ok", None), Ligne("c", "x", None), Ligne("", "x", None)]
    requete = rf.get("/")
    attendu = AvecGabaritDjangoTables2(lignes, template_name="noyau/table.html").as_html(requete)
    compilations = []
    monkeypatch.setattr(
        noyau_tables, "Template", lambda code: compilations.append(code) or Template(code)
    )
    noyau_tables._gabarit.cache_clear()
    for _ in range(2):
        html = AvecGabarit(lignes, template_name="noyau/table.html").as_html(requete)
        assert html == attendu
    assert '<b title="Nom &amp; titre">a&lt;b</b> (a&lt;b)' in html
    assert compilations == [GABARIT]  # once for six cells over two tables


def test_table_vide_dit_pourquoi(rf):
    html = TableEssai([], template_name="noyau/table.html").as_html(rf.get("/"))
    assert '<tr><td colspan="3">Rien &lt;ici&gt;</td></tr>' in html


def test_pastille_et_date_exportees_en_clair():
    table = TableEssai([Ligne("a", "ok", datetime.date(2026, 11, 27))])
    valeurs = list(table.as_values())
    assert valeurs[1][1:] == ["Accepté & signé", datetime.date(2026, 11, 27)]


class Formulaire(forms.Form):
    groupe = forms.ChoiceField(
        choices=[("", "—"), ("x", "X & <y>"), ("Groupe", [("1", "Un"), ("2", "Deux")])],
        required=False,
    )
    plusieurs = forms.MultipleChoiceField(choices=[(1, "a"), (2, "b")])
    inactif = forms.TypedChoiceField(
        choices=[(2026, 2026)], widget=forms.Select(attrs={"aria-describedby": "aide"})
    )


def _sans_lignes_vides(html):
    return re.sub(r"\n\s*\n", "\n", str(html))


def _widgets(form, renderer):
    return [
        _sans_lignes_vides(
            champ.field.widget.render(
                champ.html_name, champ.value(), attrs={"id": champ.auto_id}, renderer=renderer
            )
        )
        for champ in form
    ]


@pytest.mark.parametrize("donnees", [{}, {"groupe": "2", "plusieurs": ["1", "2"], "inactif": "x"}])
def test_select_comme_les_gabarits_de_django(donnees):
    form = Formulaire(data=donnees)
    assert _widgets(form, Rendu()) == _widgets(form, DjangoTemplates())


def test_select_des_filtres_comme_les_gabarits_de_django(lecteur):
    form = SubventionFilter(data={"statut": ["en_cours"]}, request=_requete(lecteur)).form
    assert _widgets(form, Rendu()) == _widgets(form, DjangoTemplates())
    assert "<option" in "".join(_widgets(form, Rendu()))


def test_option_a_gabarit_propre_rendue_par_les_gabarits():
    class Option(forms.Select):
        option_template_name = "django/forms/widgets/attrs.html"

    html = Option(choices=[("1", "Un")]).render("n", "1", renderer=Rendu())
    assert "<option" not in html


class Colonne:
    def render(self, value, record):
        return value

    @staticmethod
    def statique(bound_column):
        return bound_column


def fonction(*args, table, **kwargs):
    return table


@pytest.mark.parametrize(
    "fn", [Colonne().render, Colonne.render, Colonne.statique, fonction, lambda record: record]
)
def test_signatures_retenues_identiques(fn):
    assert signature_lue(fn) == _originale(fn)
    assert signature_lue(fn) == _originale(fn)  # the second time, from memory
