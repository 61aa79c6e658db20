"""A page of a table's cells written as one PDF text object, each distinct string encoded once
per document.

reportlab's text object (`textOut`) encodes every string it is given into the embedded font's
subsets (`TTFont.splitString`, pure Python, a dictionary lookup per character) and measures it
again: 64,000 cells for a 7,000-row list, most of them repeats (a status, an organisation's name,
"—"). A subset code is assigned to a character the first time the document writes it, and is
then fixed for the rest of that document: the operators of a string split once stay right for
every later use in the same document, and only there (another document numbers its characters
in its own order). Hence one cache per document, dropped with it.

The operators written are those `textOut` writes: `x y` text matrix, the font's subset, the
string in the subset's codes; a reader (or a text extractor) sees the same text at the same place.
"""

import weakref

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics

# PDFDocument → {size: {font: {string: _Encodage}}}; weak: a document's cache goes with it.
_ENCODAGES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class _Encodage:
    """A string's operators in one document: the subset it starts in, the one it ends in, the
    `Tj` operators (with the font changes inside, if its characters span two subsets) and its
    width in points."""

    __slots__ = ("debut", "fin", "operateurs", "largeur")

    def __init__(self, police, taille, texte, doc):
        font = pdfmetrics.getFont(police)
        operateurs, noms = [], []
        for subset, octets in font.splitString(texte, doc):
            nom = f"{font.getSubsetInternalName(subset, doc)} {fp_str(taille)} Tf"
            if noms:
                operateurs.append(nom)
            noms.append(nom)
            operateurs.append(f"({escapePDF(octets)}) Tj")
        self.debut, self.fin = noms[0], noms[-1]
        self.operateurs = " ".join(operateurs)
        self.largeur = font.stringWidth(texte, taille)


class TexteDePage:
    """`rangee()` writes a table's row, then `fermer()` adds the text object to the page.
    Only for embedded TrueType fonts (the documents' only fonts, `polices.py`): a standard
    font's encoding is not split into subsets. The fill colour is the canvas' current one."""

    def __init__(self, canvas, taille, interligne):
        self.canvas, self.taille, self.interligne = canvas, taille, interligne
        self.doc = canvas._doc  # the document the subsets are numbered for (TTFont.splitString)
        self.vus = _ENCODAGES.setdefault(self.doc, {}).setdefault(taille, {})
        # The origin reportlab's own text object starts from: without it pypdf, which the tests
        # read the PDFs with, extracts a space before the page's first cell.
        self.code = ["BT 1 0 0 1 0 0 Tm"]
        self.subset = None
        self.abscisses = {}  # a column's x → its text: the same on every row

    def _encodage(self, police, texte) -> _Encodage:
        vus = self.vus.setdefault(police, {})
        if texte not in vus:
            vus[texte] = _Encodage(police, self.taille, texte, self.doc)
        return vus[texte]

    def rangee(self, police, cellules, colonnes, y):
        """One row: `cellules[i]`, a cell's lines (an empty one is skipped), in the column
        `colonnes[i]` = (x, aligned right): starting at x, or ending at x (an amount); the first
        line on the baseline `y`, the next ones `interligne` below."""
        vus = self.vus.get(police, {})
        code = self.code
        ordonnees = [fp_str(y)]
        for (x, a_droite), lignes in zip(colonnes, cellules, strict=True):
            for k, ligne in enumerate(lignes):
                if not ligne:
                    continue
                encodage = vus.get(ligne) or self._encodage(police, ligne)
                if a_droite:
                    abscisse = fp_str(x - encodage.largeur)
                elif x in self.abscisses:
                    abscisse = self.abscisses[x]
                else:
                    abscisse = self.abscisses[x] = fp_str(x)
                while k >= len(ordonnees):
                    ordonnees.append(fp_str(y - len(ordonnees) * self.interligne))
                code.append(f"1 0 0 1 {abscisse} {ordonnees[k]} Tm")
                if encodage.debut != self.subset:
                    code.append(encodage.debut)
                code.append(encodage.operateurs)
                self.subset = encodage.fin

    def fermer(self):
        self.code.append("ET")
        self.canvas.addLiteral(" ".join(self.code))
