"""The one sheet writer of the reports' workbooks (the Sommaire and the period workbooks).

Each sheet: a title row (what it holds, the filters, when it was generated), a bold header
frozen under it with an auto-filter and repeated on printed pages, typed cells from
noyau.classeurs (money as numbers in the one money format, dates as dates, text never run as a
formula), column widths, and a totals row below the filtered range, so that sorting or
filtering in the sheet leaves it last. Rows are read lazily and leave for the file as they are
written: memory stays flat whatever the number of rows."""

from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import ngettext

from noyau import formats
from noyau.classeurs import Classeur


class Colonne(NamedTuple):
    entete: str
    largeur: int = 14
    # An amount column: totalled from 0, so that its total reads 0,00 $ (as the screen says)
    # even when no row holds an amount, never an empty cell.
    argent: bool = False


def argent(entete, largeur=18) -> Colonne:
    """An amount column (`Colonne.argent`)."""
    return Colonne(entete, largeur, argent=True)


def total_par_defaut(nombre, sommes, largeur):
    """`Total (1 ligne)`, `Total (1 385 lignes)`, then each summed column's total."""
    total = [
        ngettext("Total (%(nombre)s ligne)", "Total (%(nombre)s lignes)", nombre)
        % {"nombre": formats.nombre(nombre)}
    ]
    return total + [sommes.get(j) for j in range(1, largeur)]


def feuille(
    wb: Classeur, *, nom, titre, colonnes, lignes, totaux=None, entiers=(), taille_titre=None
):
    """Appends a sheet to the workbook `wb`.

    `colonnes`: [Colonne] (or (header, width) pairs); `lignes`: an iterable of value lists.
    Money (Decimal) cells, and the `entiers` columns (counts), are summed as the rows go by,
    the amount columns (`argent`) from 0 whatever the rows hold;
    `totaux(nombre, sommes)` gives the totals row from the number of rows and those sums
    ({column index: Σ}), `total_par_defaut` if not given. `taille_titre`: the title is larger
    than the body (12 pt) when given."""
    colonnes = [Colonne(*c) for c in colonnes]
    ws = wb.feuille(nom)
    ws.largeurs([colonne.largeur for colonne in colonnes])
    ws.figer(2)
    ws.mise_en_page(entete=1)
    ws.ajouter([titre], style="titre" if taille_titre else "gras")
    ws.ajouter([str(c.entete) for c in colonnes], style="gras")
    sommes = {j: Decimal("0") for j, colonne in enumerate(colonnes) if colonne.argent}
    nombre = 0
    for ligne in lignes:
        nombre += 1
        for j, valeur in enumerate(ligne):
            if isinstance(valeur, Decimal) or (j in entiers and valeur is not None):
                sommes[j] = sommes.get(j, 0) + valeur
        ws.ajouter(ligne)
    ws.filtrer(1, len(colonnes))
    if totaux is None:
        total = total_par_defaut(nombre, sommes, len(colonnes))
    else:
        total = totaux(nombre, sommes)
    ws.ajouter(total, style="gras")
    return ws
