"""The one sheet writer of the reports' workbooks (the Sommaire and the period workbooks).

Each sheet: a title row (what it holds, the filters, when it was generated), a bold header
frozen under it with an auto-filter and repeated on printed pages, typed cells from
noyau.exports.cellule (money as numbers in the one money format, dates as dates, text never run
as a formula), column widths, and a totals row below the filtered range, so that sorting or
filtering in the sheet leaves it last. Rows are read lazily into a write-only sheet: memory
stays flat whatever the number of rows."""

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import ngettext
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from noyau import formats
from noyau.exports import Rangees, cellule, mise_en_page


class Colonne(NamedTuple):
    entete: str
    largeur: int = 14


def total_par_defaut(nombre, sommes, largeur):
    """`Total (1 ligne)`, `Total (1 385 lignes)`, then each summed column's total."""
    total = [
        ngettext("Total (%(nombre)s ligne)", "Total (%(nombre)s lignes)", nombre)
        % {"nombre": formats.nombre(nombre)}
    ]
    return total + [sommes.get(j) for j in range(1, largeur)]


def feuille(wb, *, nom, titre, colonnes, lignes, totaux=None, entiers=(), taille_titre=None):
    """Appends a sheet to the write-only workbook `wb`.

    `colonnes`: [Colonne] (or (header, width) pairs); `lignes`: an iterable of value lists.
    Money (Decimal) cells, and the `entiers` columns (counts), are summed as the rows go by;
    `totaux(nombre, sommes)` gives the totals row from the number of rows and those sums
    ({column index: Σ}), `total_par_defaut` if not given. `taille_titre`: the title's font
    size, when it is not the body's."""
    colonnes = [Colonne(*c) for c in colonnes]
    ws = wb.create_sheet(title=str(nom)[:31])
    for i, colonne in enumerate(colonnes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = colonne.largeur
    ws.freeze_panes = "A3"
    mise_en_page(ws, entete="2:2")
    cellule_titre = cellule(ws, titre, gras=True)
    if taille_titre:
        cellule_titre.font = Font(bold=True, size=taille_titre)
    ws.append([cellule_titre])
    ws.append([cellule(ws, str(c.entete), gras=True) for c in colonnes])
    sommes = {}
    nombre = 0
    rangees = Rangees(ws)
    for ligne in lignes:
        nombre += 1
        for j, valeur in enumerate(ligne):
            if isinstance(valeur, Decimal) or (j in entiers and valeur is not None):
                sommes[j] = sommes.get(j, 0) + valeur
        rangees.ajouter(ligne)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(colonnes))}{nombre + 2}"
    if totaux is None:
        total = total_par_defaut(nombre, sommes, len(colonnes))
    else:
        total = totaux(nombre, sommes)
    ws.append([cellule(ws, v, gras=True) for v in total])
    return ws
