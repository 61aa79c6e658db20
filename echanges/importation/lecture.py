"""Reading an uploaded workbook or CSV into rows, refusing hostile files with a French message.

xlsx goes through the upload checks of `organismes.fichiers` (extension and content agree, size,
zip-bomb limits), then through `bornes.examiner` (members' sizes and ratios, rows, cells and
shared strings counted on a bounded stream) before openpyxl opens it, read-only, without
external links, with cached values only (formulas are read as the values the spreadsheet
computed, never evaluated) and never below row RANGEES_MAX. A formula never computed (a workbook
written by a program and never opened in a spreadsheet) has no such value: openpyxl reads it as
an empty cell, so the sheet's XML is streamed once more, when it holds formulas, to mark those
cells (`FormuleNonCalculee`), which `analyse` reports as errors. A number shown as a percentage
is marked too (`Pourcentage`): 0.15 shown as 15 % is no amount. A cell that a merge covers is
empty in the file (its value is in the merge's first cell only) and is marked
(`CelluleFusionnee`), so that `analyse` names the merge instead of asking for a value. CSV is
read as UTF-8 (with or without BOM), else Windows-1252, with `;` or `,` separators.
"""

import bisect
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from organismes import fichiers

from . import bornes
from .colonnes import COLONNES, en_double, reconnaitre

TAILLE_MAX = fichiers.TAILLE_MAX
LIGNES_MAX = 25_000
COLONNES_MAX = 60
RANGEES_MAX = 2 * LIGNES_MAX  # empty rows included
# Cells (empty ones too: openpyxl builds each) in the rows read, those beyond COLONNES_MAX too.
CELLULES_MAX = COLONNES_MAX * RANGEES_MAX
EXTENSIONS = ("xlsx", "csv")


class FichierRefuse(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def _illisible():
    return FichierRefuse(
        _("Ce classeur Excel est illisible : enregistrez-le de nouveau au format .xlsx.")
    )


class FormuleNonCalculee(str):
    """A cell whose formula was never computed: its formula as text (shown, never run, in the
    error workbook)."""


class CelluleFusionnee(str):
    """An empty cell covered by a merged range, not its first (top-left) cell: empty text (the
    error workbook shows it as the file has it); `plage` names the merge ("B3:B7")."""

    plage = ""

    def __new__(cls, plage):
        cellule = super().__new__(cls, "")
        cellule.plage = plage
        return cellule


class Pourcentage(float):
    """A number cell whose format shows it as a percentage (0.15 shown as 15 %): read as its
    number everywhere but in an amount column (`valeurs.montant`), where it is an error."""


def _valeur(cellule):
    """The cell's value; a number formatted as a percentage (a `%` in its format) becomes a
    Pourcentage. Only numbers look up their format: a cheap lookup in the workbook's styles."""
    valeur = cellule.value
    if type(valeur) in (int, float) and "%" in (cellule.number_format or ""):
        return Pourcentage(valeur)
    return valeur


@dataclass
class Tableau:
    entetes: list  # as written in the file
    colonnes: dict  # {index: Colonne}
    lignes: list = field(default_factory=list)  # [(spreadsheet row number, [values])]
    ignorees: list = field(default_factory=list)  # headers not recognised
    feuille: str = ""  # the sheet read (a workbook's others are not)
    nb_feuilles: int = 1


def lire(fichier, nom: str) -> Tableau:
    """Rows of `fichier` (a binary file object); raises FichierRefuse."""
    ext = fichiers.extension(nom)
    if ext not in EXTENSIONS:
        raise FichierRefuse(
            _("Format refusé : importez un classeur Excel (.xlsx) ou un fichier CSV.")
        )
    fichier.seek(0, io.SEEK_END)
    taille = fichier.tell()
    fichier.seek(0)
    if not taille:
        raise FichierRefuse(_("Le fichier est vide."))
    if taille > TAILLE_MAX:
        raise FichierRefuse(
            _("Le fichier dépasse la taille maximale de %(max)s.")
            % {"max": fichiers.TAILLE_MAX_LIBELLE}
        )
    if ext == "csv":
        return _tableau(_rangees_csv(fichier))
    feuille = _examiner(fichier, nom)
    tableau = _tableau(_rangees_xlsx(fichier, feuille.nom), feuille)
    if feuille.formules:
        _marquer_formules_non_calculees(fichier, feuille.chemin, tableau)
    if feuille.fusions:
        _marquer_cellules_fusionnees(tableau, feuille.fusions)
    return tableau


def _examiner(fichier, nom) -> bornes.Feuille:
    try:
        fichiers.verifier_fichier(_Nomme(fichier, nom))
    except ValidationError as exc:
        if exc.code == "contenu":
            # verifier_fichier's own message lists the formats of document uploads (PDF, PNG…).
            raise FichierRefuse(
                _(
                    "Le contenu de ce fichier ne correspond pas à un classeur Excel .xlsx lisible "
                    "(un CSV renommé, un ancien .xls, un classeur protégé par mot de passe ou un "
                    "fichier incomplet?) : ouvrez-le dans votre tableur et enregistrez-le au "
                    "format .xlsx ou .csv, les deux seuls que l'importation accepte."
                )
            ) from None
        raise FichierRefuse(" ".join(exc.messages)) from None
    try:
        return bornes.examiner(
            fichier, lignes_max=LIGNES_MAX, rangees_max=RANGEES_MAX, cellules_max=CELLULES_MAX
        )
    except bornes.ClasseurDemesure as exc:
        raise FichierRefuse(str(exc)) from None


def _rangees_xlsx(fichier, nom_feuille):
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(fichier, read_only=True, data_only=True, keep_links=False)
        # The sheet bornes chose (the active one if visible, else the first visible one).
        feuille = classeur[nom_feuille]
        # Cells, not values: their format tells a percentage. openpyxl builds a ReadOnlyCell
        # per cell only when asked for cells: ≈ 0.7 s more on the largest file accepted.
        rangees = feuille.iter_rows(max_col=COLONNES_MAX, max_row=RANGEES_MAX)
        for numero, rangee in enumerate(rangees, start=1):
            yield numero, [_valeur(cellule) for cellule in rangee]
        classeur.close()
    except FichierRefuse:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise _illisible() from None


def _marquer_cellules_fusionnees(tableau, fusions):
    """The empty cells of the recognised columns, in the table's rows, that a merge covers
    (not its first cell) become CelluleFusionnee. Only the table's rows and columns inside
    each range are visited, at most CELLULES_MAX in all (overlapping ranges, which no
    spreadsheet writes, could otherwise repeat the table many times)."""
    from openpyxl.utils.cell import range_boundaries

    numeros = [numero for numero, _ in tableau.lignes]  # in the sheet's order
    rangees = dict(tableau.lignes)
    colonnes = sorted(tableau.colonnes)
    reste = CELLULES_MAX
    for plage in fusions:
        try:
            c1, r1, c2, r2 = range_boundaries(plage)
        except ValueError:
            continue  # not a range openpyxl reads: nothing of it is looked at
        dedans = numeros[bisect.bisect_left(numeros, r1) : bisect.bisect_right(numeros, r2)]
        couvertes = [i for i in colonnes if c1 <= i + 1 <= c2]
        reste -= len(dedans) * len(couvertes)
        if reste < 0:
            raise _illisible()
        for numero in dedans:
            rangee = rangees[numero]
            for i in couvertes:
                if (numero, i + 1) == (r1, c1):
                    continue  # the merge's first cell holds its value
                if i >= len(rangee):
                    rangee.extend([None] * (i + 1 - len(rangee)))
                if rangee[i] is None or rangee[i] == "":
                    rangee[i] = CelluleFusionnee(plage)


def _marquer_formules_non_calculees(fichier, chemin, tableau):
    """The cells of the recognised columns, in the table's rows, that openpyxl read as empty but
    hold a formula with no computed value (no `<v>`, or an empty one not typed as text: a
    formula computing "" is `t="str"`), become FormuleNonCalculee. One streamed pass, each row
    dropped once read (memory stays flat), stopped after the table's last row; `bornes` already
    refused a DTD or entities in this part."""
    from openpyxl.utils.cell import coordinate_to_tuple

    lignes = dict(tableau.lignes)
    derniere = max(lignes)
    colonnes = set(tableau.colonnes)
    numero = colonne = 0
    donnees = None
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive, archive.open(chemin) as membre:
            for evenement, element in ElementTree.iterparse(membre, events=("start", "end")):
                balise = element.tag.rpartition("}")[2]
                if evenement == "start":
                    if balise == "sheetData":
                        donnees = element
                    elif balise == "row":
                        numero = int(element.get("r") or numero + 1)
                        colonne = 0
                    continue
                if balise == "c":
                    rangee = lignes.get(numero)
                    if rangee is None:  # not a row of the table: its cells are not looked at
                        continue
                    ref = element.get("r")
                    colonne = coordinate_to_tuple(ref)[1] if ref else colonne + 1
                    i = colonne - 1
                    if i not in colonnes or i >= len(rangee) or rangee[i]:
                        continue
                    enfants = {e.tag.rpartition("}")[2]: e for e in element}
                    valeur = enfants.get("v")
                    if (
                        "f" in enfants
                        and element.get("t") != "str"
                        and not (valeur is not None and valeur.text)
                    ):
                        rangee[i] = FormuleNonCalculee("=" + (enfants["f"].text or ""))
                elif balise == "row":
                    if donnees is not None:
                        donnees.clear()
                    if numero >= derniere:
                        break
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        raise _illisible() from None
    finally:
        fichier.seek(0)


class _Nomme:
    """The file as `verifier_fichier` expects an upload (name, size, seek/read)."""

    def __init__(self, fichier, nom):
        self._f, self.name = fichier, nom
        position = fichier.tell()
        fichier.seek(0, io.SEEK_END)
        self.size = fichier.tell()
        fichier.seek(position)

    def __getattr__(self, attr):
        return getattr(self._f, attr)


def _decoder(octets: bytes) -> str:
    if b"\x00" in octets[:4096]:
        raise FichierRefuse(_("Ce fichier n'est pas un texte CSV (contenu binaire)."))
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            return octets.decode(encodage)
        except UnicodeDecodeError:
            continue
    raise FichierRefuse(_("Encodage du CSV non reconnu : enregistrez-le en UTF-8."))


def _rangees_csv(fichier):
    octets = fichier.read()
    if octets.startswith((fichiers.ZIP, b"%PDF")):
        raise FichierRefuse(_("Ce fichier n'est pas un texte CSV : vérifiez son extension."))
    contenu = _decoder(octets)
    premiere = contenu.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    _verifier_largeur(contenu, separateur)
    try:
        lecteur = csv.reader(io.StringIO(contenu, newline=""), delimiter=separateur)
        for numero, rangee in enumerate(lecteur, start=1):
            yield numero, rangee[:COLONNES_MAX]
    except csv.Error:
        raise FichierRefuse(_("Ce fichier CSV est mal formé (guillemets non fermés?).")) from None


LONGUES_LIGNES = re.compile(r"[^\n]{100000,}")  # characters: far beyond 60 columns of text


def _verifier_largeur(contenu, separateur):
    """A line of millions of separators would make the csv module build a row of millions of
    fields (160 MiB for a 10 MB line) before any column limit applies: the long lines (found in
    C, by a regular expression) are checked first, with the workbooks' limit."""
    for m in LONGUES_LIGNES.finditer(contenu):
        if m.group().count(separateur) >= bornes.CELLULES_PAR_RANGEE_MAX:
            raise FichierRefuse(
                _(
                    "La ligne %(ligne)s du fichier compte plus de %(max)s colonnes : enregistrez-"
                    "le de nouveau depuis votre tableur, sans les colonnes vides."
                )
                % {
                    "ligne": number_format(contenu.count("\n", 0, m.start()) + 1),
                    "max": number_format(bornes.CELLULES_PAR_RANGEE_MAX, force_grouping=True),
                }
            )


def _vide(rangee) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in rangee)


def _refuser_doublons(entetes):
    from openpyxl.utils.cell import get_column_letter

    doublons = en_double(entetes)
    if not doublons:
        return
    liste = "; ".join(
        _(" et ").join(
            _("« %(entete)s » (colonne %(lettre)s)")
            % {"entete": entetes[i], "lettre": get_column_letter(i + 1)}
            for i in indices
        )
        for indices in doublons.values()
    )
    raise FichierRefuse(
        _(
            "Plusieurs colonnes désignent la même donnée : %(liste)s. Supprimez ou renommez "
            "celles à ne pas importer (une colonne masquée compte aussi)."
        )
        % {"liste": liste}
    )


def _tableau(rangees, feuille=None) -> Tableau:
    """The header is the first of the first 10 rows naming at least two known columns.
    `feuille`: the workbook's sheet read (bornes.Feuille), None for a CSV."""
    tableau = None
    for numero, rangee in rangees:
        if tableau is None:
            colonnes = reconnaitre(rangee)
            if len(colonnes) >= 2:
                entetes = ["" if v is None else str(v).strip() for v in rangee]
                # openpyxl pads each row to COLONNES_MAX: the error workbook would show some
                # 45 empty columns after the real ones.
                while entetes and not entetes[-1]:
                    entetes.pop()
                _refuser_doublons(entetes)
                tableau = Tableau(entetes=entetes, colonnes=colonnes)
                if feuille is not None:
                    tableau.feuille, tableau.nb_feuilles = feuille.nom, feuille.nb_feuilles
                tableau.ignorees = [e for i, e in enumerate(entetes) if e and i not in colonnes]
            elif numero >= 10:
                break
            continue
        if _vide(rangee):
            if numero > RANGEES_MAX:
                # A sheet of a million formatted empty rows is not read to its end.
                break
            continue
        if len(tableau.lignes) >= LIGNES_MAX:
            raise FichierRefuse(
                _("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers.")
                % {"max": f"{LIGNES_MAX:,}".replace(",", " ")}
            )
        tableau.lignes.append((numero, rangee))
    if tableau is None:
        noms = ", ".join(str(c.libelle) for c in COLONNES if c.requise)
        if feuille is not None and feuille.nb_feuilles > 1:
            raise FichierRefuse(
                _(
                    "Aucune ligne d'en-têtes reconnue dans la feuille « %(feuille)s », la seule "
                    "lue (la feuille active du classeur, si elle est visible) : placez les données "
                    "dans cette feuille, ou rendez active la feuille qui les contient avant "
                    "d'enregistrer. Sa première ligne doit nommer les colonnes (%(noms)s)."
                )
                % {"feuille": feuille.nom, "noms": noms}
            )
        raise FichierRefuse(
            _(
                "Aucune ligne d'en-têtes reconnue : la première ligne doit nommer les colonnes "
                "(%(noms)s). Téléchargez le modèle pour les voir."
            )
            % {"noms": noms}
        )
    manquantes = [c for c in COLONNES if c.requise and c not in tableau.colonnes.values()]
    if manquantes:
        raise FichierRefuse(
            _("Colonne(s) obligatoire(s) absente(s) : %(noms)s.")
            % {"noms": ", ".join(str(c.libelle) for c in manquantes)}
        )
    if not tableau.lignes:
        raise FichierRefuse(_("Le fichier ne contient aucune ligne de données."))
    return tableau
