"""Reference data in English: each item has an English name (filled by migration 0003 for the
seeded ones), shown wherever the interface is in English; territories are proper names and stay
as they are. Status headers are short forms with the full name for screen readers."""

import pytest
from django.template import Context, Template
from django.utils import translation

from rapports import graphiques
from referentiel.models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire

pytestmark = pytest.mark.django_db


def test_les_donnees_de_reference_ont_un_nom_anglais():
    assert Rubrique.objects.filter(nom_en="").count() == 0
    assert Rubrique.objects.count() == 7
    assert StatutImmigration.objects.filter(nom_en="").count() == 0
    assert StatutImmigration.objects.count() == 5
    assert LigneBudgetaire.objects.filter(nom_en="").count() == 0
    # Proper names: no English name, the French one in both languages.
    assert not Territoire.objects.exclude(nom_en="").exists()


def test_le_nom_suit_la_langue_active():
    rubrique = Rubrique.objects.get(code="travailler")
    statut = StatutImmigration.objects.get(code="resident-permanent")
    ligne = LigneBudgetaire.objects.get(code="loyer")
    territoire = Territoire.objects.get(code="verdun")
    with translation.override("fr-ca"):
        assert [str(rubrique), str(statut), str(ligne)] == [
            "Travailler",
            "Résident·e permanent·e",
            "Loyer",
        ]
        assert statut.sigle_affiche == "RP"
    with translation.override("en"):
        assert [str(rubrique), str(statut), str(ligne)] == [
            "Working",
            "Permanent resident",
            "Rent",
        ]
        assert statut.sigle_affiche == "PR"
        assert str(territoire) == "Verdun"


def test_sans_nom_anglais_le_nom_francais_reste():
    rubrique = Rubrique(nom="Nouvelle rubrique", code="nouvelle")
    with translation.override("en"):
        assert str(rubrique) == "Nouvelle rubrique"


def test_entete_de_statut_abrege_avec_nom_complet_pour_les_lecteurs_d_ecran():
    statut = StatutImmigration.objects.get(code="demandeur-asile")
    gabarit = Template(
        "{% load referentiel %}<th>{% entete_statut s %}</th><th>{% entete_statut pk %}</th>"
        "{% legende_statuts liste %}"
    )
    with translation.override("fr-ca"):
        html = gabarit.render(Context({"s": statut, "pk": statut.pk, "liste": [statut]}))
    entete = (
        '<th><abbr title="Demandeur·euse d&#x27;asile" aria-hidden="true">DA</abbr>'
        '<span class="visuellement-cache">Demandeur·euse d&#x27;asile</span></th>'
    )
    assert html.count(entete) == 2
    assert "<abbr>DA</abbr> = Demandeur·euse d&#x27;asile" in html
    with translation.override("en"):
        html = gabarit.render(Context({"s": statut, "pk": statut.pk, "liste": [statut]}))
    assert '<abbr title="Asylum claimant" aria-hidden="true">AC</abbr>' in html


@pytest.mark.parametrize(
    ("langue", "valeur", "attendu"),
    [
        ("fr-ca", "1100000", "1,1\u00a0M$"),
        ("fr-ca", "850000", "850\u00a0k$"),
        ("fr-ca", "900", "900\u00a0$"),
        ("en", "1100000", "$1.1M"),
        ("en", "850000", "$850K"),
        ("en", "6000000", "$6M"),
        ("en", "900", "$900"),
        ("en", "-1100000", "\u2212$1.1M"),
    ],
)
def test_montants_des_graphiques_selon_la_langue(langue, valeur, attendu):
    with translation.override(langue):
        assert graphiques.montant_compact(valeur) == attendu


def test_nombres_des_graphiques_groupes_selon_la_langue():
    with translation.override("fr-ca"):
        assert graphiques.nombre(1385) == "1\u00a0385"
    with translation.override("en"):
        assert graphiques.nombre(1385) == "1,385"


def test_texte_des_graphiques_jamais_sous_12_px():
    # The SVG is never drawn narrower than a 320 px screen less its margins (288 px).
    assert graphiques.TAILLE_TEXTE * 288 / graphiques.LARGEUR >= 12
    svg = graphiques.barres_horizontales(ident="g", titre="T", lignes=[("A", [1])])
    assert f'font-size="{graphiques.TAILLE_TEXTE}"' in svg


def test_dates_en_anglais_au_format_nord_americain():
    import datetime

    from django.utils.formats import date_format

    with translation.override("en"):
        jour = datetime.date(2026, 12, 5)
        assert date_format(jour, "DATE_FORMAT") == "December 5, 2026"
        assert date_format(jour, "MONTH_DAY_FORMAT") == "December 5"
        assert date_format(jour, "YEAR_MONTH_FORMAT") == "December 2026"


def test_un_rapport_lu_en_anglais_nomme_statuts_et_postes_en_anglais():
    from reddition.selectors import lecture_rapport

    statut = StatutImmigration.objects.get(code="resident-permanent")
    ligne = LigneBudgetaire.objects.get(code="loyer")
    contenu = {
        "activites": "",
        "statuts": [[statut.pk, "Résident·e permanent·e"]],
        "services": [],
        "totaux_statuts": {str(statut.pk): 0},
        "total": 0,
        "lignes": [{"id": ligne.pk, "nom": "Loyer", "montant": "0.00"}],
        "total_depenses": "0.00",
        "montant_accorde": "1000.00",
        "pieces": [],
    }
    with translation.override("en"):
        lecture = lecture_rapport(contenu)
    assert lecture["statuts"] == [[statut.pk, "Permanent resident"]]
    assert lecture["depenses"][0]["nom"] == "Rent"
    with translation.override("fr-ca"):
        lecture = lecture_rapport(contenu)
    assert lecture["statuts"] == [[statut.pk, "Résident·e permanent·e"]]
    assert lecture["depenses"][0]["nom"] == "Loyer"
