"""How a workbook is read beyond its values: formulas never computed, which sheet, duplicate
headers. Each file is built here with openpyxl, the way other programs write workbooks."""

import pytest
from openpyxl import Workbook, load_workbook

from echanges.importation import classeurs
from echanges.importation.services import importation_executer
from echanges.models import Importation

from .conftest import en_octets

pytestmark = pytest.mark.django_db

ENTETES = ["Organisme", "NEQ", "Programme", "Titre du projet", "Montant demandé",
           "Montant accordé", "Statut", "Exercice", "Note"]  # fmt: skip


def _ligne(titre, demande="20 000", accorde="10 000"):
    return ["Carrefour d'accueil de Saint-Laurent", "1145678901", "Montréal inclusive", titre,
            demande, accorde, "En analyse", 2026, ""]  # fmt: skip


def _importer(fichier, agent):
    return importation_executer(
        fichier=fichier, nom="essai.xlsx", par=agent, essai=True, source=Importation.Source.WEB
    )


def test_formule_jamais_calculee_est_une_erreur_de_sa_cellule(referentiel_import, agent):
    """openpyxl (like other programs) writes formulas without their value: read with
    data_only, such a cell was empty and the row imported with a copied amount, silently."""
    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    ws.append(_ligne("Calculé", demande=20000, accorde="=E2*0.5"))
    ws.append(_ligne("Saisi"))
    ws.append(_ligne("Note calculée"))
    ws["I4"] = "=A4"  # an unrecognised column: not read, not refused
    ws["F5"] = "=E3"  # a formula in an otherwise empty row below: no row, no error
    importation, plan = _importer(en_octets(wb), agent)
    assert [(e.ligne, e.colonne, e.message) for e in plan.erreurs] == [
        (
            2,
            "Montant accordé",
            "Formule jamais calculée: ouvrez le classeur dans votre tableur et enregistrez-le.",
        )
    ]
    # The error workbook shows the formula, as text, beside the message.
    erreurs = load_workbook(classeurs.erreurs(importation, en_octets(wb)).fermer()).active
    rangee = [c.value for c in erreurs[2]]
    assert rangee[1] == 2 and "=E2*0.5" in rangee
    assert erreurs["H2"].data_type == "s"
