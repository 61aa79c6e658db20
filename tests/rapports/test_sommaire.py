"""The program summary workbook, opened with openpyxl: sheets, title row, frozen header,
auto-filter, money format, dates, and totals against database aggregates."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from noyau.formats import XLSX_MONEY_FORMAT
from reddition.models import Obligation
from subventions.models import Enveloppe, Repartition, Subvention
from tests.classeurs import largeurs
from versements.models import Versement

URL = reverse("rapports:sommaire")
FEUILLES = [
    "Synthèse",
    "Subventions",
    "Versements",
    "Reddition de comptes",
    "Participants",
    "Territoires",
]
ENGAGES = ["approuvee", "convention_signee", "en_cours", "terminee", "fermee"]


def somme(qs, champ="montant"):
    return qs.aggregate(t=Sum(champ))["t"] or Decimal("0")


def ouvrir(reponse):
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content)
    return load_workbook(io.BytesIO(contenu))


def lignes(ws):
    return list(ws.iter_rows(values_only=True))


@pytest.fixture
def classeur(jeu, client_de, gestionnaire):
    return ouvrir(client_de(gestionnaire).get(URL))


def test_feuilles_titre_entete_filtre(classeur):
    assert classeur.sheetnames == FEUILLES
    aujourd_hui = timezone.localdate().isoformat()
    for ws in classeur:
        titre = ws["A1"].value
        assert titre.startswith("Sommaire du programme")
        assert "tous les programmes" in titre and aujourd_hui in titre
        assert ws["A1"].font.bold and ws["A2"].font.bold
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref.startswith("A2:")
        derniere = ws.max_row
        assert ws.auto_filter.ref.endswith(str(derniere - 1))  # the totals row stays outside
        assert ws.cell(derniere, 1).value.startswith("Total")
        assert largeurs(ws)["A"] >= 10


def test_synthese(classeur):
    ws = classeur["Synthèse"]
    assert [c.value for c in ws[2]] == [
        "Programme",
        "Exercice",
        "Enveloppe",
        "Engagé",
        "Versé",
        "Solde",
        "Part proposée (décision à venir)",
    ]
    total = lignes(ws)[-1]
    assert Decimal(str(total[2])) == somme(Enveloppe.objects.all())
    assert Decimal(str(total[3])) == somme(
        Repartition.objects.filter(subvention__statut__in=ENGAGES)
    )
    assert Decimal(str(total[4])) == somme(Versement.objects.filter(statut="paye"))
    # Proposals apart: the répartition of the grants not decided yet of the lines' exercices.
    assert Decimal(str(total[6])) == somme(
        Repartition.objects.filter(subvention__statut__in=Subvention.STATUTS_PROPOSES)
    )
    for cellule in ws[3][2:]:
        assert cellule.data_type == "n" and cellule.number_format == XLSX_MONEY_FORMAT
    assert ws.cell(ws.max_row, 3).number_format == XLSX_MONEY_FORMAT


def test_subventions_et_versements(classeur):
    ws = classeur["Subventions"]
    rangees = lignes(ws)[2:-1]
    assert len(rangees) == Subvention.objects.count()
    total = lignes(ws)[-1]
    assert total[0] == f"Total ({len(rangees)} lignes)"
    # Proposed and granted in their own columns, each adding up to the figure of its name.
    assert [c.value for c in ws[2]][6:9] == [
        "Montant demandé",
        "Montant proposé",
        "Montant accordé",
    ]
    propose = Subvention.objects.filter(statut__in=Subvention.STATUTS_PROPOSES)
    assert Decimal(str(total[7])) == somme(propose, "montant_accorde") > 0
    assert Decimal(str(total[8])) == somme(
        Subvention.objects.filter(statut__in=ENGAGES), "montant_accorde"
    )
    assert ws["G3"].number_format == XLSX_MONEY_FORMAT and ws["G3"].data_type == "n"
    assert ws["J3"].is_date and ws["J3"].value.date() == datetime.date(2026, 1, 1)
    assert ws["J3"].number_format == "yyyy-mm-dd"
    assert rangees[0][5] in dict(Subvention.Statut.choices).values()
    wv = classeur["Versements"]
    assert len(lignes(wv)[2:-1]) == Versement.objects.count()
    assert Decimal(str(lignes(wv)[-1][3])) == somme(Versement.objects.all())


def test_reddition_et_territoires(classeur):
    wr = classeur["Reddition de comptes"]
    rangees = lignes(wr)[2:-1]
    assert len(rangees) == Obligation.objects.count()
    assert sum(1 for r in rangees if r[6] == "En retard") == Obligation.objects.en_retard().count()
    wt = classeur["Territoires"]
    total = lignes(wt)[-1]
    assert Decimal(str(total[2])) == somme(
        Repartition.objects.filter(subvention__statut__in=ENGAGES)
    )
    assert "Non précisé" in [r[0] for r in lignes(wt)[2:-1]]


def test_filtres_nom_et_part_de_l_exercice(jeu, client_de, agent):
    reponse = client_de(agent).get(URL, {"programme": jeu["inclusive"].pk, "exercice": 2026})
    date = timezone.localdate().isoformat()
    nom = f"sommaire-montreal-inclusive-2026-{date}.xlsx"
    assert nom in reponse["Content-Disposition"]
    wb = ouvrir(reponse)
    ws = wb["Subventions"]
    assert "Montréal inclusive" in ws["A1"].value and "exercice : 2026" in ws["A1"].value
    assert ws["J2"].value == "Part proposée de l'exercice 2026"
    assert ws["K2"].value == "Part accordée de l'exercice 2026"
    parts = Repartition.objects.filter(subvention__programme=jeu["inclusive"], exercice=2026)
    proposee, accordee = lignes(ws)[-1][9:11]
    assert Decimal(str(proposee)) == somme(
        parts.filter(subvention__statut__in=Subvention.STATUTS_PROPOSES)
    )
    # The exercice's engagé, as on the Synthèse sheet and the dashboard.
    assert Decimal(str(accordee)) == somme(parts.filter(subvention__statut__in=ENGAGES))
    assert Decimal(str(accordee)) == Decimal(str(lignes(wb["Synthèse"])[-1][3]))
    assert [r[0] for r in lignes(wb["Synthèse"])[2:-1]] == ["Montréal inclusive"]


def test_un_exercice_sans_proposition_totalise_zero(jeu, client_de, gestionnaire):
    """No proposal touches Montréal inclusive's 2027: « Montant proposé » and « Part
    proposée » total 0,00 $, what the dashboard says, not an empty cell."""
    client = client_de(gestionnaire)
    filtres = {"programme": jeu["inclusive"].pk, "exercice": 2027}
    bref = client.get(reverse("rapports:tableau_de_bord"), filtres).context["figures"]["en_bref"]
    assert bref["propose"] == 0
    ws = ouvrir(client.get(URL, filtres))["Subventions"]
    entetes = [c.value for c in ws[2]]
    *_rangees, total = ws.iter_rows()
    for entete in ("Montant proposé", "Part proposée de l'exercice 2027"):
        cellule = total[entetes.index(entete)]
        assert cellule.value == 0 and cellule.data_type == "n", entete
        assert cellule.number_format == XLSX_MONEY_FORMAT


@pytest.mark.parametrize("parametres", [{"exercice": "abc"}, {"programme": "0"}])
def test_filtres_invalides(jeu, client_de, gestionnaire, parametres):
    reponse = client_de(gestionnaire).get(URL, parametres)
    assert reponse.status_code == 400
    assert "text/html" in reponse["Content-Type"]
    assert 'class="erreurs"' in reponse.content.decode()


def test_liens(jeu, client_de, gestionnaire):
    client = client_de(gestionnaire)
    html = client.get(reverse("rapports:tableau_de_bord"), {"exercice": 2026}).content.decode()
    assert 'href="/rapports/sommaire.xlsx?exercice=2026"' in html
    page = reverse("subventions:programme_detail", args=[jeu["inclusive"].pk])
    assert (
        f"/rapports/sommaire.xlsx?programme={jeu['inclusive'].pk}"
        in client.get(page).content.decode()
    )
