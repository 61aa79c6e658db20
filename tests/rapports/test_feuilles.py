"""The one sheet writer under the Sommaire and the period workbooks (rapports.feuilles)."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from noyau.classeurs import Classeur
from noyau.formats import XLSX_MONEY_FORMAT
from rapports.feuilles import Colonne, argent, feuille
from tests.classeurs import largeurs


def relire(wb):
    return load_workbook(io.BytesIO(wb.fermer().read()))


def test_feuille_titre_entete_sommes_et_total_par_defaut():
    wb = Classeur()
    feuille(
        wb,
        nom="Un nom de feuille bien plus long que trente et un caractères",
        titre="Titre — filtres",
        colonnes=[("Libellé", 30), Colonne("Nombre", 9), Colonne("Montant", 18), ("Date", 12)],
        lignes=iter(
            [
                ["=SOMME(A1)", 2, Decimal("1234567.89"), datetime.date(2026, 1, 2)],
                ["b", 3, Decimal("0.11"), None],
                ["c", None, None, None],
            ]
        ),
        entiers=(1,),
    )
    ws = relire(wb).worksheets[0]
    assert ws.title == "Un nom de feuille bien plus lon"
    assert ws["A1"].value == "Titre — filtres" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["Libellé", "Nombre", "Montant", "Date"]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:D5"
    assert largeurs(ws)["A"] == 30 and largeurs(ws)["C"] == 18
    assert ws["A3"].data_type == "s"  # text never run as a formula
    assert ws["C3"].number_format == XLSX_MONEY_FORMAT and ws["D3"].is_date
    assert [c.value for c in ws[6]] == ["Total (3 lignes)", 5, Decimal("1234568.00"), None]
    assert all(c.font.bold for c in ws[6][:3]) and ws["C6"].number_format == XLSX_MONEY_FORMAT


def test_une_colonne_de_montants_sans_montant_totalise_zero():
    """An amount column where no row holds an amount (no proposal this year) totals 0,00 $, a
    number in the money format, as the dashboard says: not an empty cell that a reader (or
    bench/chiffres.py) takes for a missing figure."""
    wb = Classeur()
    feuille(
        wb,
        nom="Subventions",
        titre="Titre",
        colonnes=[Colonne("Numéro"), argent("Montant proposé"), argent("Montant accordé")],
        lignes=[["BINAM-2025-001", None, Decimal("10.00")], ["BINAM-2025-002", None, None]],
    )
    ws = relire(wb)["Subventions"]
    total = ws[5]
    assert [c.value for c in total] == ["Total (2 lignes)", 0, 10]
    assert total[1].data_type == "n" and total[1].number_format == XLSX_MONEY_FORMAT


def test_feuille_total_donne_et_taille_du_titre():
    wb = Classeur()
    feuille(
        wb,
        nom="Période",
        titre="Échéancier",
        colonnes=[Colonne("A"), Colonne("B")],
        lignes=[[Decimal("1.50"), "x"], [Decimal("2.00"), "y"]],
        totaux=lambda nombre, sommes: [f"{nombre} lignes", sommes[0]],
        taille_titre=12,
    )
    ws = relire(wb)["Période"]
    assert ws["A1"].font.bold and ws["A1"].font.size == 12
    assert largeurs(ws)["A"] == largeurs(ws)["B"] == 14
    assert [c.value for c in ws[5]] == ["2 lignes", 3.5]
