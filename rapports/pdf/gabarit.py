"""The page of every document: Letter portrait (or landscape), the North American paper, a
running header with the issuer and the document's title, a footer with the date generated and
"Page 2 de 7", and the PDF's metadata (title, author, subject, language)."""

import functools
import io

from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from noyau.formats import date_longue, heure

from .ecriture import ligne
from .polices import GRAS, NORMAL, enregistrer_polices
from .styles import BLEU, GRIS

AUTEUR = "Ville de Montréal — BINAM"
MARGE = 18 * mm


def langue_du_document() -> str:
    """The PDF's /Lang (BCP 47): fr-CA, or en-CA when the user reads the English pages."""
    return "en-CA" if (translation.get_language() or "").startswith("en") else "fr-CA"


def _canevas_numerote(pied_gauche: str):
    """A canvas that holds its pages until the end, then writes "Page n de N" on each: the total
    is only known once every flowable is laid out (reportlab's two-pass alternative lays the
    whole document out twice)."""

    class CanevasNumerote(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for numero, etat in enumerate(self._pages, start=1):
                self.__dict__.update(etat)
                self._pied(numero, total)
                super().showPage()
            super().save()

        def _pied(self, numero, total):
            largeur, _hauteur = self._pagesize
            self.saveState()
            self.setFillColor(GRIS)
            ligne(self, NORMAL, 8, pied_gauche, MARGE, 10 * mm)
            page = _("Page %(numero)s de %(total)s") % {"numero": numero, "total": total}
            ligne(self, NORMAL, 8, page, largeur - MARGE, 10 * mm, a_droite=True)
            self.restoreState()

    return CanevasNumerote


class Document:
    """`Document(titre=..., sujet=...).construire(elements)` → the PDF's bytes."""

    def __init__(self, *, titre: str, sujet: str = "", paysage: bool = False):
        enregistrer_polices()
        self.titre = titre
        self.sujet = sujet
        self.format = landscape(letter) if paysage else letter
        self.genere_le = timezone.localtime()

    @functools.cached_property
    def _lignes_du_titre(self) -> list[str]:
        """The running header's title, measured once rather than on each of 300 pages: a long
        title (an organisation's legal name) wraps upwards rather than being cut."""
        place = self.format[0] - 2 * MARGE - stringWidth(AUTEUR, GRAS, 8) - 8 * mm
        return simpleSplit(self.titre, NORMAL, 8, place)

    @property
    def largeur_utile(self) -> float:
        return self.format[0] - 2 * MARGE

    def _entete(self, canvas, doc):
        largeur, hauteur = self.format
        canvas.saveState()
        # Written from the document's encodings (ecriture.ligne), not drawString: the same
        # strings on every page, 300 of them in a long annual report.
        canvas.setFillColor(BLEU)
        ligne(canvas, GRAS, 8, AUTEUR, MARGE, hauteur - 11 * mm)
        canvas.setFillColor(GRIS)
        for rang, texte in enumerate(reversed(self._lignes_du_titre)):
            y = hauteur - 11 * mm + rang * 9
            ligne(canvas, NORMAL, 8, texte, largeur - MARGE, y, a_droite=True)
        canvas.setStrokeColor(BLEU)
        canvas.setLineWidth(0.5)
        canvas.line(MARGE, hauteur - 13 * mm, largeur - MARGE, hauteur - 13 * mm)
        canvas.restoreState()

    def construire(self, elements) -> bytes:
        tampon = io.BytesIO()
        doc = BaseDocTemplate(
            tampon,
            pagesize=self.format,
            leftMargin=MARGE,
            rightMargin=MARGE,
            topMargin=20 * mm,
            bottomMargin=18 * mm,
            title=self.titre,
            author=AUTEUR,
            subject=self.sujet or self.titre,
            creator=AUTEUR,
            lang=langue_du_document(),
            # Each page opens in the canvas' initial font: left to reportlab, Helvetica, which
            # the PDF would then declare without embedding it.
            initialFontName=NORMAL,
        )
        cadre = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="corps")
        doc.addPageTemplates([PageTemplate(id="page", frames=[cadre], onPage=self._entete)])
        genere = _("Généré le %(date)s à %(heure)s") % {
            "date": date_longue(self.genere_le.date()),
            "heure": heure(self.genere_le),
        }
        doc.build(list(elements), canvasmaker=_canevas_numerote(genere))
        return tampon.getvalue()


def nom_de_fichier(prefixe: str, *parties) -> str:
    """`fiche-BINAM-2025-042-2026-11-27.pdf`: what, which, and the day it was generated."""
    morceaux = [prefixe, *[str(p) for p in parties if p], timezone.localdate().isoformat()]
    return "-".join(morceaux) + ".pdf"


def reponse_pdf(contenu: bytes, nom_fichier: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(contenu),
        as_attachment=True,
        filename=nom_fichier,
        content_type="application/pdf",
    )
