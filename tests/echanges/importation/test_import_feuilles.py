"""How a workbook is read beyond its values: formulas never computed, which sheet, duplicate
headers. Each file is built here with openpyxl, the way other programs write workbooks."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from echanges.importation import classeurs
from echanges.importation.lecture import FichierRefuse
from echanges.importation.services import importation_executer
from echanges.models import Importation
from tests.factories import OrganismeFactory

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
            "Formule jamais calculée : ouvrez le classeur dans votre tableur et enregistrez-le.",
        )
    ]
    # The error workbook shows the formula, as text, beside the message.
    erreurs = load_workbook(classeurs.erreurs(importation, en_octets(wb)).fermer()).active
    rangee = [c.value for c in erreurs[2]]
    assert rangee[1] == 2 and "=E2*0.5" in rangee
    assert erreurs["H2"].data_type == "s"


def test_pourcentage_dans_une_colonne_de_montants_est_une_erreur(referentiel_import, agent):
    """A cell shown as 15 % holds 0.15: in an amount column it was imported as 0,15 $, silently.
    Elsewhere (a column not imported) a percentage is no concern."""
    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    ws.append(_ligne("En pourcentages", demande=0.15, accorde=0.125))
    ws.append(_ligne("Note en pourcentage", demande=20000, accorde=10000))
    ws["E2"].number_format = "0%"
    ws["F2"].number_format = "0.0%"
    ws["I3"] = 0.5
    ws["I3"].number_format = "0%"
    _importation, plan = _importer(en_octets(wb), agent)
    attendu = "Pourcentage dans une colonne de montants ({}) : écrivez le montant en dollars."
    assert [(e.ligne, e.colonne, e.message) for e in plan.erreurs] == [
        (2, "Montant demandé", attendu.format("15 %")),
        (2, "Montant accordé", attendu.format("12,5 %")),
    ]


def _onglets(*feuilles, active=0):
    """A workbook of (name, rows, state) sheets, opening on tab `active`."""
    wb = Workbook()
    wb.remove(wb.active)
    for nom, lignes, etat in feuilles:
        ws = wb.create_sheet(nom)
        for ligne in lignes:
            ws.append(ligne)
        ws.sheet_state = etat
    wb.active = active
    return en_octets(wb)


DONNEES = [ENTETES, _ligne("Projet actuel")]
ANCIEN = [ENTETES, _ligne("Projet ancien"), _ligne("Autre projet ancien")]


@pytest.mark.parametrize(
    ("feuilles", "active"),
    [
        # A hidden first sheet was imported instead of the one the officer sees.
        ((("Ancien", ANCIEN, "hidden"), ("Actuel", DONNEES, "visible")), 1),
        # The active tab hidden (no spreadsheet saves that, a program may): the first visible.
        ((("Ancien", ANCIEN, "veryHidden"), ("Actuel", DONNEES, "visible")), 0),
        # The active sheet is read, even when it is not the first one.
        ((("Ancien", ANCIEN, "visible"), ("Actuel", DONNEES, "visible")), 1),
    ],
    ids=["premiere-cachee", "active-cachee", "active-deuxieme"],
)
def test_la_feuille_lue_est_l_active_visible(referentiel_import, agent, feuilles, active):
    importation, plan = _importer(_onglets(*feuilles, active=active), agent)
    assert plan.erreurs == []
    assert [ls.subvention.titre for ls in plan.creees] == ["Projet actuel"]
    assert (plan.feuille, importation.details["nb_feuilles"]) == ("Actuel", 2)


def test_l_apercu_nomme_la_feuille_lue(client, referentiel_import, agent):
    from .test_import_vues import televerser

    client.force_login(agent)
    contenu = _onglets(("Ancien", ANCIEN, "hidden"), ("Actuel", DONNEES, "visible"), active=1)
    page = client.get(televerser(client, contenu.read()).url).content.decode()
    assert "Feuille lue" in page and "« Actuel » — les autres feuilles" in page


def test_donnees_hors_de_la_feuille_lue_le_message_la_nomme(referentiel_import, agent):
    contenu = _onglets(
        ("Instructions", [["Remplissez l'onglet Données."]], "visible"),
        ("Données", DONNEES, "visible"),
    )
    with pytest.raises(FichierRefuse, match="dans la feuille « Instructions », la seule lue"):
        _importer(contenu, agent)


def test_deux_feuilles_du_meme_nom_refusent_le_classeur(referentiel_import, agent):
    """Excel forbids it; a crafted file may name a huge hidden sheet like the small one shown:
    the limits were checked on one and openpyxl, opening by name, read the other."""
    import zipfile

    source = _onglets(("Enorme", ANCIEN, "hidden"), ("Données", DONNEES, "visible"), active=1)
    sortie = io.BytesIO()
    with zipfile.ZipFile(source) as entree, zipfile.ZipFile(sortie, "w") as copie:
        for info in entree.infolist():
            octets = entree.read(info.filename)
            if info.filename == "xl/workbook.xml":
                octets = octets.replace(b'name="Enorme"', 'name="DONNÉES"'.encode())
            copie.writestr(info, octets)
    sortie.seek(0)
    with pytest.raises(FichierRefuse, match="Deux feuilles de ce classeur portent le même nom"):
        _importer(sortie, agent)


def test_deux_colonnes_pour_la_meme_donnee_refusent_le_fichier(referentiel_import, agent):
    """A hidden « Montant accordé (ancien) » before « Montant accordé »: the first was read and
    the visible one listed as not recognised."""
    wb = Workbook()
    ws = wb.active
    entetes = [*ENTETES[:5], "Montant accordé (ancien)", *ENTETES[5:]]
    ws.append(entetes)
    ws.append([*_ligne("Projet")[:5], "1 000", *_ligne("Projet")[5:]])
    ws.column_dimensions["F"].hidden = True
    with pytest.raises(FichierRefuse) as exc:
        _importer(en_octets(wb), agent)
    assert str(exc.value) == (
        "Plusieurs colonnes désignent la même donnée : « Montant accordé (ancien) » (colonne F) "
        "et « Montant accordé » (colonne G). Supprimez ou renommez celles à ne pas importer "
        "(une colonne masquée compte aussi)."
    )


def test_nom_et_neq_qui_se_contredisent(referentiel_import, agent):
    """The NEQ designates the organisation; a row naming another one (a NEQ copied from the row
    above) was attached to the NEQ's organisation without a word."""
    OrganismeFactory(nom_legal="Centre social Nord", nom_usage="CSN", neq="1140000001")

    def ligne(nom, neq, titre):
        return [nom, neq, *_ligne(titre)[2:]]

    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    for rangee in (
        ligne("Maison des familles de Verdun", "1145678901", "NEQ du Carrefour"),
        ligne("Organisme neuf", "1150000009", "Nouveau"),
        ligne("Autre organisme", "1150000009", "NEQ du nouveau"),
        ligne("CARREFOUR D'ACCUEIL  de saint laurent", "1145 678 901", "Même nom autrement"),
        ligne("csn", "1140000001", "Nom d'usage"),
        ligne("Organisme neuf", "1150000009", "Même nouveau"),
    ):
        ws.append(rangee)
    _importation, plan = _importer(en_octets(wb), agent)
    assert [(e.ligne, e.colonne, e.message) for e in plan.erreurs] == [
        (2, "NEQ", "Le NEQ 1145678901 est celui de « Carrefour d'accueil de Saint-Laurent », "
                   "pas de « Maison des familles de Verdun » : vérifiez le NEQ ou le nom de "
                   "l'organisme."),
        (4, "NEQ", "Le NEQ 1150000009 est celui de « Organisme neuf », pas de « Autre "
                   "organisme » : vérifiez le NEQ ou le nom de l'organisme."),
    ]  # fmt: skip


def _tronque():
    wb = Workbook()
    wb.active.append(ENTETES)
    octets = en_octets(wb).read()
    return octets[: len(octets) // 2]


@pytest.mark.parametrize(
    "contenu",
    [
        lambda: ";".join(ENTETES).encode() + b"\nA;B;C\n",  # a CSV renamed .xlsx
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,  # encrypted (OLE) or .xls
        _tronque,
    ],
    ids=["csv-renomme", "ole", "tronque"],
)
def test_un_faux_xlsx_est_refuse_avec_les_formats_de_l_importation(agent, contenu):
    """They got the document uploads' list « (PDF, PNG, JPEG, DOCX, XLSX, ODT) »."""
    with pytest.raises(FichierRefuse) as exc:
        _importer(io.BytesIO(contenu()), agent)
    message = str(exc.value)
    assert "enregistrez-le au format .xlsx ou .csv" in message and "PDF" not in message


def test_le_classeur_d_erreurs_n_a_que_les_colonnes_du_fichier(referentiel_import, agent):
    """Its header row was padded to 60 columns, some 45 of them empty."""
    wb = Workbook()
    wb.active.append(ENTETES)
    wb.active.append(_ligne("Sans exercice")[:-2])
    importation, plan = _importer(en_octets(wb), agent)
    assert plan.erreurs
    erreurs = load_workbook(classeurs.erreurs(importation, en_octets(wb)).fermer()).active
    assert [c.value for c in erreurs[1]] == ["Erreurs", "Ligne", *ENTETES]


def test_une_cellule_fusionnee_nomme_sa_fusion(referentiel_import, agent):
    """One organisation's name merged down its three rows, as people lay out a list by hand: the
    two rows below the first read it as empty, and the message said « Valeur obligatoire »
    without saying why. Each covered cell of a column read is one error that names the merge
    (an amount merged over the next column is not guessed either); the first cell, which
    holds the value, is read as usual; a merge in a column not read changes nothing."""
    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    for titre in ("Premier", "Deuxième", "Troisième"):
        ws.append(_ligne(titre))
    ws.merge_cells("A2:A4")
    ws.merge_cells("I2:I4")  # Note: not a column the import reads
    ws.append(_ligne("Montant sur deux colonnes"))
    ws.merge_cells("E5:F5")
    importation, plan = _importer(en_octets(wb), agent)
    fusion = (
        "Cellule fusionnée ({})\u00a0: sa valeur n'est que sur sa première ligne. Défusionnez "
        "les cellules et écrivez la valeur sur chaque ligne."
    )
    assert [(e.ligne, e.colonne, e.message) for e in plan.erreurs] == [
        (3, "Organisme", fusion.format("A2:A4")),
        (4, "Organisme", fusion.format("A2:A4")),
        (5, "Montant accordé", fusion.format("E5:F5")),
    ]
    # The error workbook shows the covered cells empty, as the file has them.
    erreurs = load_workbook(classeurs.erreurs(importation, en_octets(wb)).fermer()).active
    assert erreurs["C2"].value is None and erreurs["D2"].value == "1145678901"


def test_les_fusions_sont_bornees(referentiel_import, agent, monkeypatch):
    monkeypatch.setattr("echanges.importation.bornes.FUSIONS_MAX", 2)
    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    for rang in range(2, 6):
        ws.append(_ligne(f"Ligne {rang}"))
        ws.merge_cells(f"H{rang}:I{rang}")
    with pytest.raises(FichierRefuse, match="plus de 2 plages de cellules fusionnées"):
        _importer(en_octets(wb), agent)
    # Overlapping ranges (no spreadsheet writes them, openpyxl joins them: written here into
    # the sheet's XML) visit at most CELLULES_MAX cells of the table: 32 + 24 + 24 here, for a
    # sheet of 45 cells.
    monkeypatch.setattr("echanges.importation.bornes.FUSIONS_MAX", 25_000)
    monkeypatch.setattr("echanges.importation.lecture.CELLULES_MAX", 60)
    wb = Workbook()
    wb.active.append(ENTETES)
    for rang in range(2, 6):
        wb.active.append(_ligne(f"Ligne {rang}"))
    fusions = "".join(f'<mergeCell ref="{p}"/>' for p in ("A2:I5", "A2:I4", "A3:I5"))
    with pytest.raises(FichierRefuse, match="illisible"):
        _importer(_avec_dans_la_feuille(wb, f'<mergeCells count="3">{fusions}</mergeCells>'), agent)


def _avec_dans_la_feuille(wb, xml):
    """The workbook's bytes, `xml` added to its sheet after the rows."""
    source, sortie = zipfile.ZipFile(en_octets(wb)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as copie:
        for info in source.infolist():
            octets = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                octets = octets.replace(b"</sheetData>", b"</sheetData>" + xml.encode())
            copie.writestr(info, octets)
    sortie.seek(0)
    return sortie
