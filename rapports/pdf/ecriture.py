"""A page of a table's cells written as one PDF text object, each distinct string encoded once
per document.

reportlab's text object (`textOut`) encodes every string it is given into the embedded font's
subsets (`TTFont.splitString`, pure Python, a dictionary lookup and an append per character) and
measures it again: 64,000 cells for a 7,000-row list, most of them repeats (a status, an
organisation's name, "—"). A subset code is assigned to a character the first time the document
writes it, and is then fixed for the rest of that document: the operators of a string encoded
once stay right for every later use in the same document, and only there (another document
numbers its characters in its own order). Hence one cache per document, dropped with it.

The operators written are those `textOut` writes: `x y` text matrix, the font's subset, the
string in the subset's codes; a reader (or a text extractor) sees the same text at the same place.
"""

import weakref

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics

# PDFDocument → its _Document; weak: a document's cache goes with it. (Nothing in the cache
# refers to the document, or the entry would keep it alive.)
_DOCUMENTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class _Codes:
    """A font's codes in one document, learnt from `splitString` one new character at a time,
    in the order the document first writes them: the same codes as splitting whole strings,
    since each character is numbered when first met. A string whose characters all sit in the
    first subset (French text: its 256 codes) is then encoded by `str.translate`, in C, rather
    than by splitString's loop in Python."""

    def __init__(self, police):
        self.font = pdfmetrics.getFont(police)
        self.premier = {}  # character → its code, for those of subset 0
        self.connus = set()  # every character already numbered
        self.ailleurs = set()  # those numbered in another subset
        self.noms = {}  # subset → its font resource (`/F1+0`), fixed once given

    def nom(self, subset, doc) -> str:
        if subset not in self.noms:
            self.noms[subset] = self.font.getSubsetInternalName(subset, doc)
        return self.noms[subset]

    def decouper(self, texte, doc) -> list[tuple[int, bytes]]:
        """`splitString(texte)`: [(subset, codes)]."""
        font = self.font
        if not self.connus.issuperset(texte):
            for caractere in dict.fromkeys(texte):  # new characters, in their order in texte
                if caractere not in self.connus:
                    ((subset, code),) = font.splitString(caractere, doc)
                    if subset == 0:
                        self.premier[ord(caractere)] = code[0]
                    else:
                        self.ailleurs.add(caractere)
                    self.connus.add(caractere)
        if self.ailleurs and not self.ailleurs.isdisjoint(texte):
            return font.splitString(texte, doc)  # over two subsets; nothing new to number
        return [(0, texte.translate(self.premier).encode("latin-1"))]


class _Document:
    """What one document has encoded: codes per font, operators per (size, font) and string."""

    def __init__(self):
        self.codes = {}
        self.encodages = {}


class _Encodage:
    """A string's operators in one document: the font change it starts with, the subset it
    ends in, the `Tj` operators (with the font changes inside, if its characters span two
    subsets) and its width in points."""

    __slots__ = ("debut", "fin", "operateurs", "largeur")

    def __init__(self, codes, taille, texte, doc):
        operateurs, noms = [], []
        for subset, octets in codes.decouper(texte, doc):
            nom = f"{codes.nom(subset, doc)} {fp_str(taille)} Tf"
            if noms:
                operateurs.append(nom)
            noms.append(nom)
            operateurs.append(f"({escapePDF(octets)}) Tj")
        self.debut, self.fin = noms[0], noms[-1]
        self.operateurs = " ".join(operateurs)
        self.largeur = codes.font.stringWidth(texte, taille)


class TexteDePage:
    """`rangee()` writes a table's row, then `fermer()` adds the text object to the page.
    Only for embedded TrueType fonts (the documents' only fonts, `polices.py`): a standard
    font's encoding is not split into subsets. The fill colour is the canvas' current one."""

    def __init__(self, canvas, taille, interligne):
        self.canvas, self.taille, self.interligne = canvas, taille, interligne
        self.doc = canvas._doc  # the document the subsets are numbered for (TTFont.splitString)
        self.document = _DOCUMENTS.setdefault(self.doc, _Document())
        self.vus = self.document.encodages.setdefault(taille, {})  # font → {string: _Encodage}
        # The origin reportlab's own text object starts from: without it pypdf, which the tests
        # read the PDFs with, extracts a space before the page's first cell.
        self.code = ["BT 1 0 0 1 0 0 Tm"]
        self.subset = None
        self.abscisses = {}  # x → its text: a column's left edge, an amount's start ("—"…)

    def _encodage(self, police, texte) -> _Encodage:
        vus = self.vus.setdefault(police, {})
        if texte not in vus:
            if police not in self.document.codes:
                self.document.codes[police] = _Codes(police)
            vus[texte] = _Encodage(self.document.codes[police], self.taille, texte, self.doc)
        return vus[texte]

    def rangee(self, police, cellules, colonnes, y):
        """One row: `cellules[i]`, a cell's lines (an empty one is skipped), in the column
        `colonnes[i]` = (x, aligned right): starting at x, or ending at x (an amount); the first
        line on the baseline `y`, the next ones `interligne` below."""
        # Locals rather than attributes in the loop: it runs once per cell, 64,000 times.
        vus, code, abscisses = self.vus.get(police, {}), self.code, self.abscisses
        subset = self.subset
        ordonnees = [fp_str(y - k * self.interligne) for k in range(max(map(len, cellules)))]
        for (colonne, a_droite), lignes in zip(colonnes, cellules, strict=True):
            for ordonnee, ligne in zip(ordonnees, lignes, strict=False):
                if not ligne:
                    continue
                encodage = vus.get(ligne) or self._encodage(police, ligne)
                x = colonne - encodage.largeur if a_droite else colonne
                abscisse = abscisses.get(x) or abscisses.setdefault(x, fp_str(x))
                if encodage.debut == subset:
                    code.append(f"1 0 0 1 {abscisse} {ordonnee} Tm {encodage.operateurs}")
                else:
                    code.append(
                        f"1 0 0 1 {abscisse} {ordonnee} Tm {encodage.debut} {encodage.operateurs}"
                    )
                subset = encodage.fin
        self.subset = subset

    def fermer(self, *, fin_de_ligne=False):
        """`fin_de_ligne`: close on a line feed (`T*`, one `interligne` down), as drawString
        does; a text extractor reads the end of a line there (pypdf: a newline)."""
        self.code.append(f"{fp_str(self.interligne)} TL T* ET" if fin_de_ligne else "ET")
        self.canvas.addLiteral(" ".join(self.code))


def ligne(canvas, police, taille, texte, x, y, *, a_droite=False):
    """`canvas.drawString` (or `drawRightString` when `a_droite`: `texte` ends at x) from the
    document's encodings: the running header and footer write the same strings on every page."""
    if texte:
        page = TexteDePage(canvas, taille, taille * 1.2)  # reportlab's leading for a size
        page.rangee(police, [(texte,)], [(x, a_droite)], y)
        page.fermer(fin_de_ligne=True)
