"""A long list (thousands of rows) in a PDF, drawn row by row.

`elements.tableau()` makes a paragraph of every cell, which costs a layout per cell: 120,000 of
them for 20,000 grants. reportlab's own `Table` with plain-text cells still spent two thirds of
a 7,000-row annual report in its per-cell machinery: each page split copied the rest of the
table with its styles, and each cell was drawn through the style lookups. Here a cell is a
string broken into lines at its column's width (a name is never cut: it takes the lines it
needs), each row as high as its tallest cell; the list splits over the pages by the rows'
heights alone, with its header repeated on each page, and a page's text is one text object.
Text wrapping is cached: an organisation's name or a status is measured once, not per row; and
encoded into the font once per document, not per cell (`ecriture.py`)."""

import bisect
import functools
import itertools
from decimal import Decimal

from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from noyau.formats import format_money

from .ecriture import TexteDePage
from .elements import formater
from .polices import GRAS, NORMAL, enregistrer_polices
from .styles import BLEU, FOND_ENTETE

TAILLE = 7.5
INTERLIGNE = TAILLE + 1
HAUTEUR_LIGNE = 12
MARGE_CELLULE = 3
MARGE_HAUT, MARGE_BAS = 1, 2
MARGES_VERTICALES = MARGE_HAUT + MARGE_BAS
GRIS_TRAIT = colors.HexColor("#c8c8c8")


@functools.lru_cache(maxsize=20_000)
def lignes_de(texte: str, largeur: float, police: str = NORMAL) -> tuple[str, ...]:
    """`texte` broken into the lines that fit `largeur` points in `police` at the list's size
    (at spaces only: a compound name stays whole in the text a reader copies or hears)."""
    return tuple(simpleSplit(texte, police, TAILLE, largeur)) or ("",)


def _rangee(valeurs, utiles, police, langue=None):
    """(cells as tuples of lines, height): text cells wrapped, amounts (Decimal) on one line,
    in `langue` (asked once per list: reading the active language costs more than writing
    the amount). A string goes straight to wrapping: `formater()` would return it as is."""
    cellules, hauteur = [], 1
    for v, utile in zip(valeurs, utiles, strict=True):
        if type(v) is str:
            lignes = lignes_de(v, utile, police)
        elif isinstance(v, Decimal):
            cellules.append((format_money(v, langue),))
            continue
        else:
            lignes = lignes_de(formater(v), utile, police)
        if len(lignes) > hauteur:
            hauteur = len(lignes)
        cellules.append(lignes)
    return cellules, max(HAUTEUR_LIGNE, hauteur * INTERLIGNE + MARGES_VERTICALES + 0.5)


class ListeLongue(Flowable):
    """The rows `rangees[debut:fin]` under the header; `split` gives the rows that fit the
    space left on the page and the rest, as two lists sharing the same rows."""

    def __init__(self, entete, rangees, cumul, *, largeurs, nombres, debut=0, fin=None):
        super().__init__()
        self.entete, self.rangees, self.cumul = entete, rangees, cumul
        self.largeurs, self.nombres = largeurs, frozenset(nombres)
        self.debut, self.fin = debut, len(rangees) if fin is None else fin
        self.hAlign = "LEFT"

    @property
    def nombre_de_lignes(self) -> int:
        return self.fin - self.debut

    def _hauteur(self, debut, fin) -> float:
        """Header plus rows [debut, fin) (`cumul[k]`: the height of rows 0..k-1)."""
        return self.entete[1] + self.cumul[fin] - self.cumul[debut]

    def wrap(self, largeur_dispo, hauteur_dispo):
        self.width = sum(self.largeurs)
        self.height = self._hauteur(self.debut, self.fin)
        return self.width, self.height

    def split(self, largeur_dispo, hauteur_dispo):
        # The last row whose bottom is within reach, found by bisection on the running heights.
        limite = self.cumul[self.debut] + hauteur_dispo - self.entete[1]
        fin = bisect.bisect_right(self.cumul, limite, self.debut, self.fin + 1) - 1
        if fin <= self.debut:
            return []  # not even one row under the header: the next page
        if fin >= self.fin:
            return [self]
        partie = dict(largeurs=self.largeurs, nombres=self.nombres)
        return [
            ListeLongue(self.entete, self.rangees, self.cumul, debut=self.debut, fin=fin, **partie),
            ListeLongue(self.entete, self.rangees, self.cumul, debut=fin, fin=self.fin, **partie),
        ]

    def draw(self):
        canvas = self.canv
        largeur = sum(self.largeurs)
        bords = [0, *itertools.accumulate(self.largeurs)]
        haut = self.height
        cellules_entete, hauteur_entete = self.entete
        canvas.saveState()
        canvas.setFillColor(FOND_ENTETE)
        canvas.rect(0, haut - hauteur_entete, largeur, hauteur_entete, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        texte = TexteDePage(canvas, TAILLE, INTERLIGNE)
        colonnes = [
            (bords[i + 1] - MARGE_CELLULE, True)
            if i in self.nombres
            else (x + MARGE_CELLULE, False)
            for i, x in enumerate(bords[:-1])
        ]
        traits = []
        y = self._ecrire(texte, GRAS, cellules_entete, haut, hauteur_entete, colonnes)
        for rang in range(self.debut, self.fin):
            cellules, hauteur = self.rangees[rang]
            y = self._ecrire(texte, NORMAL, cellules, y, hauteur, colonnes)
            traits.append((0, y, largeur, y))
        texte.fermer()
        canvas.setStrokeColor(BLEU)
        canvas.setLineWidth(0.8)
        canvas.line(0, haut - hauteur_entete, largeur, haut - hauteur_entete)
        canvas.setStrokeColor(GRIS_TRAIT)
        canvas.setLineWidth(0.25)
        canvas.lines(traits)
        canvas.restoreState()

    def _ecrire(self, texte, police, cellules, y, hauteur, colonnes) -> float:
        """Writes one row whose top is at `y`; returns its bottom."""
        texte.rangee(police, cellules, colonnes, y - MARGE_HAUT - TAILLE)
        return y - hauteur


def tableau_long(entetes, lignes, *, largeurs, nombres=()) -> ListeLongue:
    """`lignes`: an iterable of value lists (read once); `nombres`: the columns aligned right
    (amounts). Values go through `formater()`, like every other table's."""
    enregistrer_polices()
    utiles = [largeur - 2 * MARGE_CELLULE for largeur in largeurs]
    cellules_entete, hauteur_entete = _rangee([str(e) for e in entetes], utiles, GRAS)
    langue = translation.get_language()
    rangees = [_rangee(ligne, utiles, NORMAL, langue) for ligne in lignes]
    cumul = [0, *itertools.accumulate(hauteur for _cellules, hauteur in rangees)]
    return ListeLongue(
        (cellules_entete, hauteur_entete + 2), rangees, cumul, largeurs=largeurs, nombres=nombres
    )
