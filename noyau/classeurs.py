"""The one writer of every generated workbook (lists, Sommaire, schedules, payment batches,
import templates and error reports).

XlsxWriter in `constant_memory` mode: each row leaves for a temporary file as soon as the next one
starts, so memory stays flat whatever the number of rows, and it writes the same styled cells in
about 0.45× the time of openpyxl's write-only mode (bench/exports.py measures it). openpyxl stays
the reader of imported workbooks.

Cells are typed here once: money (Decimal) a number in the one money format, dates as dates,
integers and floats as numbers, everything else as text. Text is always written as text, never
as a formula (`strings_to_formulas` off): `=HYPERLINK(...)` in an organisation's name stays
words in the cell, not a link that leaks data when the workbook is opened.
"""

import datetime
import tempfile
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse
from django.utils.encoding import force_str

from .formats import XLSX_MONEY_FORMAT

CONTENU_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOM_FEUILLE_MAX = 31  # Excel's limit
CARACTERES_INTERDITS = str.maketrans({c: " " for c in "[]:*?/\\"})


class Classeur:
    """A workbook written to a temporary file (never whole in memory)."""

    def __init__(self):
        self.fichier = tempfile.TemporaryFile()
        self.wb = xlsxwriter.Workbook(
            self.fichier,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "remove_timezone": True,
            },
        )
        gras = {"bold": True}
        self.styles = {
            None: {},
            "gras": gras,
            "titre": {"bold": True, "font_size": 12},
            "a_la_ligne": {"text_wrap": True, "valign": "top"},
        }
        self._formats = {}
        self.noms = set()

    def format(self, style, genre=None):
        """The cell format of a style (None, "gras", "titre", "a_la_ligne") for a value type,
        built once per workbook."""
        cle = (style, genre)
        if cle not in self._formats:
            proprietes = dict(self.styles[style])
            if genre is Decimal:
                proprietes["num_format"] = XLSX_MONEY_FORMAT
            elif genre is datetime.datetime:
                proprietes["num_format"] = "yyyy-mm-dd hh:mm"
            elif genre is datetime.date:
                proprietes["num_format"] = "yyyy-mm-dd"
            self._formats[cle] = self.wb.add_format(proprietes) if proprietes else None
        return self._formats[cle]

    def feuille(self, nom) -> "Feuille":
        nom = force_str(nom).translate(CARACTERES_INTERDITS)[:NOM_FEUILLE_MAX].strip() or "Feuille"
        base, n = nom, 2
        while nom.lower() in self.noms:  # sheet names are unique, case aside
            suffixe = f" ({n})"
            nom, n = base[: NOM_FEUILLE_MAX - len(suffixe)] + suffixe, n + 1
        self.noms.add(nom.lower())
        return Feuille(self, self.wb.add_worksheet(nom))

    def fermer(self):
        """Writes the file out; returns it, read from its start."""
        self.wb.close()
        self.fichier.seek(0)
        return self.fichier


class Feuille:
    """A sheet filled from top to bottom, one row at a time."""

    def __init__(self, classeur, ws):
        self.classeur = classeur
        self.ws = ws
        self.ligne = 0  # the next row to write (0-based)
        self._ecrire = {}  # (column, type, style) → (method, format), found once

    def largeurs(self, largeurs):
        """Column widths in characters, from column A (None keeps the default width)."""
        for i, largeur in enumerate(largeurs):
            if largeur is not None:
                self.ws.set_column(i, i, largeur)

    def figer(self, lignes):
        """The first `lignes` rows stay in view when scrolling down."""
        self.ws.freeze_panes(lignes, 0)

    def mise_en_page(self, entete):
        """Printed in landscape, one page wide, the header row (0-based `entete`) repeated on
        every page, with the grid."""
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(entete)
        self.ws.hide_gridlines(0)

    def filtrer(self, entete, nb_colonnes):
        """An auto-filter from the header row (0-based) over every row written so far."""
        if nb_colonnes:
            self.ws.autofilter(entete, 0, max(self.ligne - 1, entete), nb_colonnes - 1)

    def ajouter(self, valeurs, *, style=None):
        """Writes one row of values (None or an empty text leaves a cell empty: a field left
        blank is no value, not a text cell a spreadsheet counts as filled) and moves to the
        next. `style`: one for the whole row, or a list giving each column's."""
        if style is None:
            self._ajouter_simple(valeurs)
            return
        ligne, ecrire = self.ligne, self._ecrire
        styles = style if isinstance(style, list | tuple) else None
        for col, valeur in enumerate(valeurs):
            if styles is None:
                style_de = style
            else:
                style_de = styles[col] if col < len(styles) else None
            if valeur is None or valeur == "":
                if style_de is not None:  # an empty cell of a bold row is bold too
                    self.ws.write_blank(ligne, col, None, self.classeur.format(style_de))
                continue
            cle = (col, valeur.__class__, style_de)
            methode = ecrire.get(cle)
            if methode is None:
                methode = ecrire[cle] = self._methode(valeur.__class__, style_de)
            ecrit, fmt = methode
            ecrit(ligne, col, valeur, fmt)
        self.ligne += 1

    def _ajouter_simple(self, valeurs):
        """`ajouter` without a style: most rows of every workbook, written with the least work
        per cell (a 20,000-row list has 380,000 of them)."""
        ligne, ecrire = self.ligne, self._ecrire
        for col, valeur in enumerate(valeurs):
            if valeur is None or valeur == "":
                continue
            cle = (col, valeur.__class__, None)
            methode = ecrire.get(cle)
            if methode is None:
                methode = ecrire[cle] = self._methode(valeur.__class__, None)
            methode[0](ligne, col, valeur, methode[1])
        self.ligne += 1

    def _methode(self, genre, style):
        """(the writer's method, the cell format) for a value type and a style."""
        ws, fmt = self.ws, self.classeur.format
        if genre is bool:
            return ws.write_boolean, fmt(style)
        if issubclass(genre, Decimal):
            return ws.write_number, fmt(style, Decimal)
        if issubclass(genre, int | float):
            return ws.write_number, fmt(style)
        if issubclass(genre, datetime.datetime):
            return ws.write_datetime, fmt(style, datetime.datetime)
        if issubclass(genre, datetime.date):
            return ws.write_datetime, fmt(style, datetime.date)
        if issubclass(genre, str):
            return ws.write_string, fmt(style)

        # Lazy labels (choices) and anything else: its text in the current language.
        def texte(ligne, col, valeur, format_):
            return ws.write_string(ligne, col, force_str(valeur), format_)

        return texte, fmt(style)


def reponse_classeur(classeur: Classeur, nom_fichier: str) -> FileResponse:
    """The workbook as a download named `nom_fichier` (with its .xlsx), read from its temporary
    file: a large workbook never sits whole in memory."""
    return FileResponse(
        classeur.fermer(), as_attachment=True, filename=nom_fichier, content_type=CONTENU_XLSX
    )
