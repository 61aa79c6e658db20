"""Exports of a list exactly as filtered and sorted on screen, with memory kept flat.

Rows are read with `.iterator(chunk_size=...)` and written as they come: CSV is streamed to the
client; xlsx goes through an openpyxl write-only workbook on a temporary file.
"""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .formats import XLSX_MONEY_FORMAT

CHUNK = 2000
FORMATS = ("xlsx", "csv")


def colonnes_exportables(table):
    return [c for c in table.columns.iterall() if c.visible and not c.column.exclude_from_export]


def _valeur(row, colonne):
    value = row.get_cell_value(colonne.name)
    if isinstance(value, Decimal | int | datetime.date | datetime.datetime) or value is None:
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return strip_tags(force_str(value)).strip()


def lignes(table, queryset):
    colonnes = colonnes_exportables(table)
    yield [force_str(c.header) for c in colonnes]
    for record in queryset.iterator(chunk_size=CHUNK):
        row = BoundRow(record, table=table)
        yield [_valeur(row, c) for c in colonnes]


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def reponse_csv(table, queryset, nom_fichier):
    writer = csv.writer(_Echo())

    def contenu():
        yield "\ufeff"  # BOM so that spreadsheet programs read UTF-8 accents correctly
        for ligne in lignes(table, queryset):
            yield writer.writerow([_csv_cell(v) for v in ligne])

    response = StreamingHttpResponse(contenu(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom_fichier}.csv"'
    return response


def classeur(table, queryset, titre):
    """Write-only workbook: bold frozen header, auto-filter, numeric money cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=titre[:31])
    ws.freeze_panes = "A2"
    largeur = 0
    nb_lignes = 0
    for i, ligne in enumerate(lignes(table, queryset)):
        if i == 0:
            largeur = len(ligne)
            for col in range(1, largeur + 1):
                ws.column_dimensions[get_column_letter(col)].width = 22
            cells = []
            for v in ligne:
                cell = WriteOnlyCell(ws, value=v)
                cell.font = Font(bold=True)
                cells.append(cell)
            ws.append(cells)
            continue
        cells = []
        for v in ligne:
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, Decimal):
                cell.number_format = XLSX_MONEY_FORMAT
            elif isinstance(v, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(v, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        ws.append(cells)
        nb_lignes = i
    if largeur:
        ws.auto_filter.ref = f"A1:{get_column_letter(largeur)}{nb_lignes + 1}"
    return wb


def reponse_xlsx(table, queryset, nom_fichier, titre):
    wb = classeur(table, queryset, titre)
    fichier = tempfile.TemporaryFile()
    wb.save(fichier)
    fichier.seek(0)
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=f"{nom_fichier}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
