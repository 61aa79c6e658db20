"""Exports of a list exactly as filtered and sorted on screen, with memory kept flat.

Rows are read with `.iterator(chunk_size=...)` and written as they come: CSV is streamed to the
client; xlsx goes through an openpyxl write-only workbook on a temporary file.
"""

import csv
import datetime
import html
import tempfile
from decimal import Decimal

from django.db.models import Model
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext as _
from django_tables2 import Column
from django_tables2.rows import BoundRow
from django_tables2.utils import A, signature
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .formats import XLSX_MONEY_FORMAT

# Rows fetched per round trip: 2,000 grants with their organisation, programme and agent held
# 16 MB at once; 500, 4 MB, for the same time.
CHUNK = 500
FORMATS = ("xlsx", "csv")


def colonnes_exportables(table):
    return [c for c in table.columns.iterall() if c.visible and not c.column.exclude_from_export]


class Extracteur:
    """One column's export value, with django-tables2's rules (value_FOO, then render_FOO, then
    Column.value; choices shown by their label; empty values as None) worked out once per
    column instead of once per cell: inspecting signatures and hashing lazy choice labels on
    every cell made a 10 000-row export take a minute."""

    CONTEXTE = ("value", "record", "column", "bound_column", "table", "bound_row")

    def __init__(self, table, colonne):
        self.table = table
        self.colonne = colonne
        self.accessor = A(colonne.accessor)
        self.fn = colonne.value
        if getattr(self.fn, "__func__", None) is Column.value:
            # The base Column.value only forwards to render (re-inspecting it at every cell).
            self.fn = colonne.column.render
        args, catch_all = signature(self.fn)
        self.args = set(self.CONTEXTE) if catch_all else set(args)
        self.impossible = not catch_all and any(a not in self.CONTEXTE for a in args)
        self.vides = colonne.column.empty_values
        self.resoudre = _resolveur(self.accessor)
        # The call's arguments that do not change from one row to the next.
        fixes = {"column": colonne.column, "bound_column": colonne, "table": table}
        self.fixes = {k: v for k, v in fixes.items() if k in self.args}
        self.avec_valeur = "value" in self.args
        self.avec_record = "record" in self.args
        self.avec_ligne = "bound_row" in self.args
        self.choix = None
        modele = getattr(table._meta, "model", None)
        if modele is not None:
            try:
                champ = self.accessor.get_field(modele)
            except Exception:  # noqa: BLE001 - not a model field (annotation, method): no choices
                champ = None
            if getattr(champ, "choices", None):
                self.choix = {k: force_str(v) for k, v in champ.flatchoices}

    def __call__(self, record):
        valeur = self.resoudre(record)
        if self.choix is not None:
            valeur = self.choix.get(valeur, valeur)
        if valeur in self.vides:
            return None
        if self.impossible:
            return None
        arguments = dict(self.fixes)
        if self.avec_valeur:
            arguments["value"] = valeur
        if self.avec_record:
            arguments["record"] = record
        if self.avec_ligne:
            arguments["bound_row"] = BoundRow(record, table=self.table)
        return _normaliser(self.fn(**arguments))


def _resolveur(accessor):
    """`accessor.resolve(record, quiet=True)`, with a short way for what exports read most: plain
    attributes of model instances. django-tables2 first tries `record[bit]` at every step, which
    on a model raises and catches a TypeError: a third of a 20,000-row export's extraction.
    Anything else (a method to call, a dict, a missing attribute) takes django-tables2's way."""
    bits = tuple(accessor.bits)

    def resoudre(record):
        if not isinstance(record, Model):
            return accessor.resolve(record, quiet=True)
        valeur = record
        for bit in bits:
            try:
                valeur = getattr(valeur, bit)
            except Exception:  # noqa: BLE001 - django-tables2 decides (quietly: None)
                return accessor.resolve(record, quiet=True)
            if valeur is None:
                return None
            if callable(valeur) or isinstance(valeur, dict | list | tuple):
                return accessor.resolve(record, quiet=True)
        return valeur

    return resoudre


# Returned as they are: the types almost every cell holds, checked before the general rules.
_TELS_QUELS = frozenset({str, Decimal, int, datetime.date})


def _normaliser(value):
    if type(value) in _TELS_QUELS:
        return value
    if isinstance(value, Decimal | int | datetime.date | datetime.datetime) or value is None:
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, SafeData):
        # Markup that a render_FOO built (a link, a badge): keep its text, unescaped once.
        return html.unescape(strip_tags(value)).strip()
    # Stored text is written as it is: "Parents & enfants <b>gras</b>" is a name, not markup.
    return force_str(value)


def lignes(table, queryset):
    colonnes = colonnes_exportables(table)
    yield [force_str(c.header) for c in colonnes]
    extracteurs = [Extracteur(table, c) for c in colonnes]
    for record in queryset.iterator(chunk_size=CHUNK):
        yield [extraire(record) for extraire in extracteurs]


class _Echo:
    def write(self, value):
        return value


# A text cell starting with one of these is run as a formula by spreadsheet programs
# (=HYPERLINK(...) in an organisation's name would leak data when the export is opened).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _est_formule(value):
    return isinstance(value, str) and value.startswith(DEBUTS_DE_FORMULE)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if _est_formule(value):
        return "'" + value
    return value


# The rule, under a public name for the other CSV writers meant for spreadsheets.
cellule_csv = _csv_cell


def _cellule(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    if _est_formule(value):
        cell.data_type = "s"  # text, never a formula
    return cell


def ecrivain_csv():
    """A csv writer whose `writerow` returns the line instead of writing it: rows are streamed
    one by one (StreamingHttpResponse), never held in memory."""
    return csv.writer(_Echo())


def reponse_csv_lignes(rangees, nom_fichier):
    """A CSV for spreadsheets, streamed from `rangees` (lists of values): UTF-8 with a BOM so
    that spreadsheet programs read accents right, each text guarded against formulas
    (`cellule_csv`)."""
    writer = ecrivain_csv()

    def contenu():
        yield "\ufeff"
        for ligne in rangees:
            yield writer.writerow([_csv_cell(v) for v in ligne])

    response = StreamingHttpResponse(contenu(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return response


def reponse_csv(table, queryset, nom_fichier):
    return reponse_csv_lignes(lignes(table, queryset), f"{nom_fichier}.csv")


LARGEUR_MIN, LARGEUR_MAX = 10, 60


def largeur_colonne(table, colonne):
    """A column's width in characters, set before any row is written (write-only workbooks take
    widths first): the header's width, or the typical content's width given by the table's
    `largeurs_export` when wider (names, projects)."""
    entete = len(force_str(colonne.header)) + 3
    typique = getattr(table, "largeurs_export", {}).get(colonne.name, 0)
    return min(max(entete, typique, LARGEUR_MIN), LARGEUR_MAX)


def cellule(ws, value, *, gras=False):
    """One value of a write-only row as every workbook writes it: text never run as a formula,
    money a number with the money format, dates as dates (a cell where a format or a style is
    needed, the plain value otherwise)."""
    if isinstance(value, Promise):  # a lazy label (choices): its text in the current language
        value = force_str(value)
    if not gras and (value is None or isinstance(value, bool | int | float | str)):
        if not _est_formule(value):
            # A plain value, not a cell: openpyxl writes it through one reused cell, whereas
            # each cell object costs it a ValueError and its message (a third of the time of a
            # 300,000-cell Sommaire).
            return value
    cell = _cellule(ws, value)
    if isinstance(value, Decimal):
        cell.number_format = XLSX_MONEY_FORMAT
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if gras:
        cell.font = Font(bold=True)
    return cell


class Rangees:
    """Appends value rows to a write-only sheet, each typed as `cellule` types it, with one
    styled cell per column and type reused from row to row: a write-only sheet writes a row
    out as it is appended (openpyxl reuses its own unstyled cell the same way), and building
    a styled cell for every money and date value was a sixth of a 20,000-grant workbook."""

    STYLEES = (Decimal, datetime.date, datetime.datetime)

    def __init__(self, ws):
        self.ws = ws
        self.cellules = {}

    def ajouter(self, valeurs):
        ws = self.ws
        rangee = []
        for j, valeur in enumerate(valeurs):
            genre = type(valeur)
            if genre not in self.STYLEES:
                rangee.append(cellule(ws, valeur))
                continue
            cell = self.cellules.get((j, genre))
            if cell is None:
                cell = self.cellules[j, genre] = cellule(ws, valeur)
            else:
                cell.value = valeur
            rangee.append(cell)
        ws.append(rangee)


def mise_en_page(ws, entete="1:1"):
    """Printed in landscape, one page wide, the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = entete
    ws.print_options.gridLines = True


def classeur(table, queryset, titre):
    """Write-only workbook: bold frozen header, auto-filter, numeric money cells, widths from the
    columns, a printable page setup, and a totals row when the table asks for one
    (`export_totaux = True`: each money column summed as the rows go by)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=titre[:31])
    ws.freeze_panes = "A2"
    colonnes = colonnes_exportables(table)
    for col, colonne in enumerate(colonnes, start=1):
        ws.column_dimensions[get_column_letter(col)].width = largeur_colonne(table, colonne)
    mise_en_page(ws)
    totaux = {} if getattr(table, "export_totaux", False) else None
    rangees = Rangees(ws)
    largeur = 0
    nb_lignes = 0
    for i, ligne in enumerate(lignes(table, queryset)):
        if i == 0:
            largeur = len(ligne)
            ws.append([cellule(ws, v, gras=True) for v in ligne])
            continue
        for j, v in enumerate(ligne):
            if totaux is not None and isinstance(v, Decimal):
                totaux[j] = totaux.get(j, Decimal("0")) + v
        rangees.ajouter(ligne)
        nb_lignes = i
    if largeur:
        ws.auto_filter.ref = f"A1:{get_column_letter(largeur)}{nb_lignes + 1}"
    if totaux is not None and nb_lignes:
        # Below the filtered range, so that sorting or filtering in the sheet leaves it last.
        total = [_("Total"), *(totaux.get(j) for j in range(1, largeur))]
        ws.append([cellule(ws, v, gras=True) for v in total])
    return wb


CONTENU_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reponse_classeur(wb, nom_fichier: str) -> FileResponse:
    """An openpyxl workbook as a download named `nom_fichier` (with its .xlsx): saved to a
    temporary file, not to memory, so that a large workbook does not sit whole in RAM twice."""
    fichier = tempfile.TemporaryFile()
    wb.save(fichier)
    fichier.seek(0)
    return FileResponse(
        fichier, as_attachment=True, filename=nom_fichier, content_type=CONTENU_XLSX
    )


def reponse_xlsx(table, queryset, nom_fichier, titre):
    return reponse_classeur(classeur(table, queryset, titre), f"{nom_fichier}.xlsx")
