"""A long list (thousands of rows) in a PDF: one table of plain one-line cells.

`elements.tableau()` makes a paragraph of every cell, which wraps text but costs a layout per
cell: 120,000 of them for 20,000 grants. Here a cell is a string cut to its column's width
(with "…"), every row has the same height, and reportlab splits the table over the pages with
its header repeated on each (`repeatRows=1`)."""

from decimal import Decimal

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from .elements import formater
from .polices import GRAS, NORMAL, enregistrer_polices
from .styles import BLEU, FOND_ENTETE

TAILLE = 7.5
HAUTEUR_LIGNE = 12
MARGE_CELLULE = 3


def couper(texte: str, largeur: float, police: str = NORMAL) -> str:
    """`texte` cut (with "…") to fit `largeur` points in `police` at the list's size."""
    if stringWidth(texte, police, TAILLE) <= largeur:
        return texte
    while texte and stringWidth(texte + "…", police, TAILLE) > largeur:
        texte = texte[:-1]
    return texte.rstrip() + "…"


def tableau_long(entetes, lignes, *, largeurs, nombres=()) -> Table:
    """`lignes`: an iterable of value lists (read once); `nombres`: the columns aligned right
    (amounts). Values go through `formater()`, like every other table's."""
    enregistrer_polices()
    utiles = [largeur - 2 * MARGE_CELLULE for largeur in largeurs]
    donnees = [[couper(str(e), utiles[i], GRAS) for i, e in enumerate(entetes)]]
    for ligne in lignes:
        donnees.append(
            [
                formater(v) if isinstance(v, Decimal) else couper(formater(v), utiles[i])
                for i, v in enumerate(ligne)
            ]
        )
    table = Table(
        donnees,
        colWidths=largeurs,
        rowHeights=[HAUTEUR_LIGNE + 2] + [HAUTEUR_LIGNE] * (len(donnees) - 1),
        repeatRows=1,
        hAlign="LEFT",
    )
    commandes = [
        ("FONTNAME", (0, 0), (-1, -1), NORMAL),
        ("FONTSIZE", (0, 0), (-1, -1), TAILLE),
        ("LEADING", (0, 0), (-1, -1), TAILLE + 1),
        ("FONTNAME", (0, 0), (-1, 0), GRAS),
        ("BACKGROUND", (0, 0), (-1, 0), FOND_ENTETE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLEU),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), MARGE_CELLULE),
        ("RIGHTPADDING", (0, 0), (-1, -1), MARGE_CELLULE),
    ]
    commandes += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in nombres]
    table.setStyle(TableStyle(commandes))
    table.nombre_de_lignes = len(donnees) - 1  # the rows were a generator: say how many
    return table
