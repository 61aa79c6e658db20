"""Builds `subventions-historiques.xlsx`, a legacy workbook as officers keep them (run
`python tests/data/subventions_historiques.py` to write it again), and a broken one for tests.

Messy on purpose: headers in odd case and without accents, money typed four ways, dates as
date cells, ISO, dd/mm/yyyy and "12 mars 2024", NEQ with spaces, a borough without its en dash,
names with stray spaces and another case, a title row above the headers.

It is the README's example: it imports cleanly on the demo database (`manage.py demo`), whose
envelopes run from 2025 and whose numbers are of 2025 and later (test_import_exemple_demo.py).
"""

import datetime
from pathlib import Path

from openpyxl import Workbook

ICI = Path(__file__).parent
CHEMIN = ICI / "subventions-historiques.xlsx"

ENTETES = [
    "No de dossier", " ORGANISME ", "neq", "Arrondissement", "programme", "Titre du projet",
    "Montant demande", "montant ACCORDÉ", "Date de début", "Date de fin", "Année",
    "Résolution", "Date de décision", "Statut", "Remarques",
]  # fmt: skip

LIGNES = [
    ["BINAM-2024-003", "Carrefour d'accueil de Saint-Laurent", "1145 678 901", "Saint-Laurent",
     "Montréal inclusive", "Accueil et orientation des demandeurs d'asile", "12 500,00 $",
     12500, datetime.datetime(2025, 4, 1), "31/03/2026", 2025, "CE25 0312", "12 mars 2025",
     "Terminée", "Rapport final reçu"],
    ["BINAM-2024-007", "  maison   des FAMILLES de Verdun ", "1149876543", "Verdun",
     "Zones d'inclusion prioritaires", "Cafés-rencontres des familles nouvellement arrivées",
     "25,000.00", "20 000 $", "2025-01-06", "2025-12-19", "2025", "CE24 1877",
     datetime.date(2024, 12, 4), "approuvé", ""],
    ["", "Centre multiethnique de l'Ouest", "1160 111 222",
     "Côte-des-Neiges-Notre-Dame-de-Grâce", "montreal inclusive",
     "Francisation en milieu de travail", "8 000", "", "1 septembre 2026", "30 juin 2027", "",
     "", "", "En analyse", "Demande reçue en octobre"],
    ["", "Centre multiethnique de l'Ouest", "1160111222", "Côte-des-Neiges–Notre-Dame-de-Grâce",
     "Montréal inclusive", "Jumelage interculturel", "15000.5", 15000.5,
     datetime.datetime(2025, 2, 3), datetime.datetime(2025, 11, 28), 2025, "CE25 0101",
     "2025-01-22", "En cours", ""],
    ["BINAM-2024-012", "Hirondelle, services d'accueil", "1171 234 567", "Ville-Marie",
     "Montréal inclusive", "Ateliers d'information sur le logement", "30 000,00 $", "0",
     "2025-03-01", "2025-12-31", 2025, "", "", "Refusée", "Hors priorités"],
    ["BINAM-2024-019", "hirondelle, SERVICES D'ACCUEIL", "", "Ville-Marie",
     "Zones d'inclusion prioritaires", "Soutien aux familles réfugiées", "42 000 $",
     "40 000,00 $", "01/04/2025", "31/03/2026", "2025", "CE25-0456", "9 avril 2025",
     "Convention signée", ""],
]  # fmt: skip


def classeur(lignes=LIGNES, entetes=ENTETES):
    wb = Workbook()
    ws = wb.active
    ws.title = "Subventions 2024-2026"
    ws.append(["Suivi des subventions BINAM — copie de travail"])  # a title row above the headers
    ws.append(entetes)
    for ligne in lignes:
        ws.append(ligne)
    return wb


LIGNES_ERRONEES = [
    # 3: unreadable money, impossible date
    ["", "Organisme A", "1150000001", "Verdun", "Montréal inclusive", "Projet A", "douze mille",
     "", "31/02/2026", "", "", "", "", "En analyse", ""],
    # 4: short NEQ of an unknown organisation, unknown programme
    ["", "Organisme B", "12345", "Verdun", "Programme fantôme", "Projet B", "1 000", "", "", "",
     "", "", "", "", ""],
    # 5: granted more than requested; approved without resolution nor decision date
    ["", "Organisme C", "1150000003", "Verdun", "Montréal inclusive", "Projet C", "1 000",
     "2 000", "2026-01-01", "2026-12-31", 2026, "", "", "Approuvée", ""],
    # 6: unknown borough, unknown status, no organisation
    ["", "", "1150000004", "Plateau", "Montréal inclusive", "Projet D", "1 000", "", "", "", "",
     "", "", "Peut-être", ""],
    # 7: fine on its own: written only if every row is
    ["", "Organisme E", "1150000005", "Anjou", "Montréal inclusive", "Projet E", "5 000", "", "",
     "", "", "", "", "En analyse", ""],
]  # fmt: skip


def classeur_errone():
    return classeur(LIGNES_ERRONEES)


if __name__ == "__main__":
    classeur().save(CHEMIN)
    print(f"Écrit: {CHEMIN}")
