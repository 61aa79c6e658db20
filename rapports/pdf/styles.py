"""Paragraph styles of every document, in the vendored font."""

import functools

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .polices import GRAS, ITALIQUE, NORMAL, enregistrer_polices

BLEU = colors.HexColor("#0b3d6e")  # the city's dark blue, 10:1 on white
GRIS = colors.HexColor("#4a4a4a")
FOND_ENTETE = colors.HexColor("#e6edf5")
FOND_TOTAL = colors.HexColor("#f2f2f2")


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    enregistrer_polices()
    base = ParagraphStyle("base", fontName=NORMAL, fontSize=9.5, leading=12.5)
    return {
        "base": base,
        "titre": ParagraphStyle(
            "titre",
            parent=base,
            fontName=GRAS,
            fontSize=16,
            leading=20,
            textColor=BLEU,
            spaceAfter=4,
        ),
        "sous_titre": ParagraphStyle(
            "sous_titre", parent=base, fontSize=10.5, leading=14, textColor=GRIS, spaceAfter=8
        ),
        "intertitre": ParagraphStyle(
            "intertitre",
            parent=base,
            fontName=GRAS,
            fontSize=12,
            leading=15,
            textColor=BLEU,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "cellule": ParagraphStyle("cellule", parent=base, fontSize=8.5, leading=10.5),
        "cellule_nombre": ParagraphStyle(
            "cellule_nombre", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "entete": ParagraphStyle("entete", parent=base, fontName=GRAS, fontSize=8.5, leading=10.5),
        "entete_nombre": ParagraphStyle(
            "entete_nombre",
            parent=base,
            fontName=GRAS,
            fontSize=8.5,
            leading=10.5,
            alignment=TA_RIGHT,
        ),
        "etiquette": ParagraphStyle("etiquette", parent=base, fontName=GRAS),
        "note": ParagraphStyle(
            "note", parent=base, fontName=ITALIQUE, fontSize=8.5, leading=11, textColor=GRIS
        ),
    }
