"""What the officer reads when a file has errors: every error of a row at once (cross-field
ones too), an envelope overrun once, and erreurs.xlsx with its "Erreurs" column first and no
cell of the sender's file run as a formula. Headers as officers type them."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from echanges.importation import classeurs
from echanges.importation.colonnes import colonne_de, reconnaitre
from echanges.importation.services import importation_executer
from echanges.models import Importation
from tests.data.subventions_historiques import ENTETES

from .conftest import en_octets

pytestmark = pytest.mark.django_db


def _classeur(entetes, lignes):
    wb = Workbook()
    ws = wb.active
    ws.append(entetes)
    for ligne in lignes:
        ws.append(ligne)
    return en_octets(wb)


def _importer(fichier, agent):
    return importation_executer(
        fichier=fichier, nom="essai.xlsx", par=agent, essai=True, source=Importation.Source.WEB
    )


def test_erreurs_croisees_avec_les_autres_erreurs_de_la_ligne(referentiel_import, agent):
    """Unknown programme and unreadable date on the same row as accordé > demandé and an end
    before the start: all four said at once."""
    fichier = _classeur(
        ENTETES,
        [["", "Organisme Z", "1150000009", "Verdun", "Programme fantôme", "Projet", "1 000",
          "2 000", "2026-06-01", "2026-01-01", "abc", "", "", "En analyse", ""]],
    )  # fmt: skip
    _importation, plan = _importer(fichier, agent)
    colonnes = {e.colonne for e in plan.erreurs if e.ligne == 2}
    assert {"programme", "Année", "montant ACCORDÉ", "Date de fin"} <= colonnes
    messages = " ".join(e.message for e in plan.erreurs)
    assert "ne peut pas dépasser le montant demandé" in messages
    assert "La date de fin précède la date de début." in messages


def test_depassement_d_enveloppe_dit_une_fois(referentiel_import, agent):
    lignes = [
        [f"BINAM-2026-9{i:02d}", "Carrefour d'accueil de Saint-Laurent", "1145 678 901",
         "Saint-Laurent", "Montréal inclusive", f"Projet {i}", "200 000", "200 000",
         "2026-01-01", "2026-12-31", 2026, "CE26 0001", "2026-01-10", "Approuvée", ""]
        for i in range(4)
    ]  # fmt: skip
    _importation, plan = _importer(_classeur(ENTETES, lignes), agent)
    erreurs = [e for e in plan.erreurs if "enveloppe" in e.message]
    assert len(erreurs) == 1 and erreurs[0].ligne == 2
    assert "(lignes 2, 3, 4, 5) totaliseraient 800" in erreurs[0].message


def test_erreurs_xlsx_erreurs_d_abord_et_aucune_formule(referentiel_import, agent):
    """A header and cells of the sender's file that look like formulas (text in a CSV) come back
    as text."""
    entetes = [*ENTETES[:-1], '=HYPERLINK("http://exemple.test","x")']
    ligne = ["", "=1+1", "12345", "Verdun", "Montréal inclusive", "Projet", "1 000", *[""] * 7,
             "@SUM(A1)"]  # fmt: skip
    fichier = io.BytesIO(("\n".join(";".join(r) for r in (entetes, ligne)) + "\n").encode())
    importation = importation_executer(
        fichier=fichier, nom="essai.csv", par=agent, essai=True, source=Importation.Source.WEB
    )[0]
    tampon = io.BytesIO(classeurs.erreurs(importation, fichier).fermer().read())
    ws = load_workbook(tampon).active
    entete, ligne = list(ws.iter_rows(min_row=1, max_row=2))
    assert [c.value for c in entete[:3]] == ["Erreurs", "Ligne", "No de dossier"]
    assert "neq: Le NEQ doit compter exactement 10 chiffres" in ligne[0].value
    assert ligne[1].value == 2
    # Every cell is data: openpyxl reads a formula's type as "f".
    assert {c.data_type for c in (*entete, *ligne) if c.value is not None} <= {"s", "n"}
    assert entete[-1].value.startswith("=HYPERLINK") and ligne[3].value == "=1+1"
    assert ligne[-1].value == "@SUM(A1)"
    assert entete[0].font.b


def test_modele_sans_formule_et_variantes_telles_qu_on_les_tape(client, agent):
    wb = load_workbook(en_octets(classeurs.modele()))
    aide = list(wb["Explications"].values)
    numero = next(r for r in aide if r[0] == "Numéro")
    assert "No de dossier" in numero[3]


@pytest.mark.parametrize(
    ("entete", "cle"),
    [
        ("No.", "numero"),
        ("N°", "numero"),
        ("No. de dossier", "numero"),
        ("Mt. accordé", "montant_accorde"),
        ("Mnt. demandé", "montant_demande"),
        ("Montant accordé ($)", "montant_accorde"),
        ("Montant (en $)", "montant_accorde"),
        ("Montant demandé (en dollars)", "montant_demande"),
        ("Montant accordé par la Ville", "montant_accorde"),
        ("Montant total accordé", "montant_accorde"),
        ("Date de début prévue", "date_debut"),
        ("Date début (aaaa-mm-jj)", "date_debut"),
        ("Dt. fin", "date_fin"),
        ("Nom de l'organisme demandeur", "organisme"),
        ("No. résolution CE", "resolution"),
        ("Date de la décision du CE", "date_decision"),
        ("Prog.", "programme"),
        ("Arr.", "arrondissement"),
        ("Statut du dossier", "statut"),
        ("Numéro NEQ", "neq"),
        # Not a column: left for the officer to see among the ignored ones.
        ("Description du projet", None),
        ("Nb. participants", None),
        ("Remarques", None),
    ],
)
def test_entetes_tels_qu_on_les_tape(entete, cle):
    colonne = colonne_de(entete)
    assert (colonne.cle if colonne else None) == cle


def test_en_tete_avec_unites_reconnu_dans_un_fichier():
    colonnes = reconnaitre(["Org.", "Prog.", "Titre", "Mt. accordé ($)", "Nb. participants"])
    assert [c.cle for c in colonnes.values()] == [
        "organisme", "programme", "titre", "montant_accorde",
    ]  # fmt: skip
