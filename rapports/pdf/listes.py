"""A long list (thousands of rows) in a PDF: one table of plain-text cells.

`elements.tableau()` makes a paragraph of every cell, which costs a layout per cell: 120,000 of
them for 20,000 grants. Here a cell is a string broken into lines at its column's width (a name
is never cut: it takes the lines it needs), each row as high as its tallest cell, and reportlab
splits the table over the pages with its header repeated on each (`repeatRows=1`)."""

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Table, TableStyle

from .elements import formater
from .polices import GRAS, NORMAL, enregistrer_polices
from .styles import BLEU, FOND_ENTETE

TAILLE = 7.5
INTERLIGNE = TAILLE + 1
HAUTEUR_LIGNE = 12
MARGE_CELLULE = 3
MARGES_VERTICALES = 3  # TOPPADDING 1 + BOTTOMPADDING 2


def lignes_de(texte: str, largeur: float, police: str = NORMAL) -> list[str]:
    """`texte` broken into the lines that fit `largeur` points in `police` at the list's size."""
    return simpleSplit(texte, police, TAILLE, largeur) or [""]


def _rangee(valeurs, utiles, police):
    """(cells, height): text cells wrapped, amounts (Decimal) on one line."""
    cellules, hauteur = [], 1
    for i, v in enumerate(valeurs):
        if isinstance(v, Decimal):
            cellules.append(formater(v))
            continue
        lignes = lignes_de(formater(v), utiles[i], police)
        hauteur = max(hauteur, len(lignes))
        cellules.append("\n".join(lignes))
    return cellules, max(HAUTEUR_LIGNE, hauteur * INTERLIGNE + MARGES_VERTICALES + 0.5)


def tableau_long(entetes, lignes, *, largeurs, nombres=()) -> Table:
    """`lignes`: an iterable of value lists (read once); `nombres`: the columns aligned right
    (amounts). Values go through `formater()`, like every other table's."""
    enregistrer_polices()
    utiles = [largeur - 2 * MARGE_CELLULE for largeur in largeurs]
    entete, hauteur_entete = _rangee([str(e) for e in entetes], utiles, GRAS)
    donnees, hauteurs = [entete], [hauteur_entete + 2]
    for ligne in lignes:
        cellules, hauteur = _rangee(ligne, utiles, NORMAL)
        donnees.append(cellules)
        hauteurs.append(hauteur)
    table = Table(donnees, colWidths=largeurs, rowHeights=hauteurs, repeatRows=1, hAlign="LEFT")
    commandes = [
        ("FONTNAME", (0, 0), (-1, -1), NORMAL),
        ("FONTSIZE", (0, 0), (-1, -1), TAILLE),
        ("LEADING", (0, 0), (-1, -1), INTERLIGNE),
        ("FONTNAME", (0, 0), (-1, 0), GRAS),
        ("BACKGROUND", (0, 0), (-1, 0), FOND_ENTETE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLEU),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), MARGE_CELLULE),
        ("RIGHTPADDING", (0, 0), (-1, -1), MARGE_CELLULE),
    ]
    commandes += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in nombres]
    table.setStyle(TableStyle(commandes))
    table.nombre_de_lignes = len(donnees) - 1  # the rows were a generator: say how many
    return table
