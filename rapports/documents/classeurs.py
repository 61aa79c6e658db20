"""Workbooks over a period: one write-only sheet with a title row (what it holds, the filters,
when it was generated), a bold frozen header with its auto-filter, typed cells (money as numbers
in the shared currency format, dates as dates, text never run as a formula) and a totals row.

The same rules as noyau.exports (which writes the lists as seen on screen), for sheets whose
columns are not a table's."""

import tempfile
from dataclasses import dataclass

from django.http import FileResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from noyau.exports import CHUNK, cellule, mise_en_page


@dataclass
class Colonne:
    entete: str
    largeur: int = 14


def titre_periode(titre, du, au) -> str:
    """`Échéancier des versements — du 1 janvier 2026 au 31 décembre 2026 — généré le …`"""
    maintenant = timezone.localtime()
    return _("%(titre)s — du %(du)s au %(au)s — généré le %(date)s à %(heure)s") % {
        "titre": titre,
        "du": date_format(du, "DATE_FORMAT"),
        "au": date_format(au, "DATE_FORMAT"),
        "date": date_format(maintenant.date(), "DATE_FORMAT"),
        "heure": date_format(maintenant, "TIME_FORMAT"),
    }


def classeur(*, feuille, titre, colonnes, lignes, totaux) -> Workbook:
    """`lignes` is an iterable of value lists (read lazily, memory stays flat); `totaux(n)`
    gives the totals row once `n` rows are written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=feuille[:31])
    for i, colonne in enumerate(colonnes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = colonne.largeur
    ws.freeze_panes = "A3"
    mise_en_page(ws, entete="2:2")
    cell = WriteOnlyCell(ws, value=titre)
    cell.font = Font(bold=True, size=12)
    ws.append([cell])
    ws.append([cellule(ws, c.entete, gras=True) for c in colonnes])
    nombre = 0
    for ligne in lignes:
        ws.append([cellule(ws, v) for v in ligne])
        nombre += 1
    derniere = get_column_letter(len(colonnes))
    ws.auto_filter.ref = f"A2:{derniere}{nombre + 2}"
    # Below the filtered range: sorting or filtering in the sheet leaves it last.
    ws.append([cellule(ws, v, gras=True) for v in totaux(nombre)])
    return wb


def reponse_xlsx(wb, nom_fichier) -> FileResponse:
    fichier = tempfile.TemporaryFile()
    wb.save(fichier)
    fichier.seek(0)
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=nom_fichier,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def nom_periode(prefixe, du, au) -> str:
    """`echeancier-versements-2026-01-01-au-2026-12-31-2026-11-27.xlsx`"""
    return f"{prefixe}-{du.isoformat()}-au-{au.isoformat()}-{timezone.localdate().isoformat()}.xlsx"


__all__ = ["CHUNK", "Colonne", "classeur", "nom_periode", "reponse_xlsx", "titre_periode"]
