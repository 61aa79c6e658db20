"""Where a table cell's text goes to the next line: at a space, and inside a compound name wider
than its column only right after one of its hyphens or dashes (« Côte-des-Neiges– » then
« Notre-Dame-de-Grâce »), never inside a word.

reportlab's paragraph breaks at spaces, and cuts a word wider than its column where the column
ends (`splitLongWords`): « Côte-des-Neiges–Notre-Dame-de-Grâ » then « ce », which a reader, a
screen reader or a search then reads as two words. Its own hyphenation (`embeddedHyphenation`)
would break after a hyphen but gives up on a word holding an en dash, as the borough names do.
So a cell's lines are made here, at the width reportlab gives the cell, and its paragraph gets
them already broken: each one fits, reportlab has nothing left to cut."""

import re
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import split

# After a hyphen or a dash that joins two parts of a name: not a leading "-" nor a doubled one.
APRES_UN_TIRET = re.compile(r"(?<=[^-–—][-–—])(?=[^-–—])")


def lignes(texte: str, largeur: float, police: str, taille: float) -> list[str]:
    """`texte` in lines that fit `largeur` points. A word goes whole to the next line when it
    fits there; one wider than the column fills the line and goes on after its hyphens or
    dashes. A part wider than the column still gets its own line (reportlab cuts it then: the
    last resort, for a word with no hyphen to break at). Words are split as reportlab's
    paragraph splits them (at spaces, not at no-break ones) and joined by a space, as it
    draws them."""
    espace = stringWidth(" ", police, taille)
    resultat = []
    for alinea in texte.split("\n"):
        courante, occupe = "", 0.0

        def placer(morceau, colle):
            nonlocal courante, occupe
            mesure = stringWidth(morceau, police, taille)
            if courante and occupe + (0 if colle else espace) + mesure > largeur:
                resultat.append(courante)
                courante, occupe = "", 0.0
            if courante and not colle:
                courante, occupe = courante + " ", occupe + espace
            courante, occupe = courante + morceau, occupe + mesure

        for mot in split(alinea):
            if not mot:
                continue
            if stringWidth(mot, police, taille) <= largeur:
                placer(mot, colle=False)
                continue
            for i, morceau in enumerate(APRES_UN_TIRET.split(mot)):
                placer(morceau, colle=i > 0)
        resultat.append(courante)
    return resultat


class Cellule(Paragraph):
    """A paragraph whose lines are broken by `lignes()` at the width its table gives it.
    `brut`: the text as written (not markup)."""

    def __init__(self, brut: str, style):
        self.brut, self.largeur_coupee = brut, None
        super().__init__(escape(brut).replace("\n", "<br/>"), style)

    def wrap(self, largeur_dispo, hauteur_dispo):
        if largeur_dispo != self.largeur_coupee:
            utile = largeur_dispo - self.style.leftIndent - self.style.rightIndent
            coupees = lignes(self.brut, utile, self.style.fontName, self.style.fontSize)
            Paragraph.__init__(self, "<br/>".join(escape(ligne) for ligne in coupees), self.style)
            self.largeur_coupee = largeur_dispo
        return super().wrap(largeur_dispo, hauteur_dispo)
