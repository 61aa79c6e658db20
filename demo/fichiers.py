"""The demo's attached files: small real PDFs (one Letter page, embedded DejaVu Sans) that any
viewer opens, so that a demo download shows what a real one would."""

import io

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from rapports.pdf.polices import GRAS, NORMAL, enregistrer_polices


def pdf_de_demo(titre: str, *lignes: str) -> bytes:
    """One page: the title, then each line, then the notice that the document is fictitious."""
    enregistrer_polices()
    tampon = io.BytesIO()
    page = canvas.Canvas(tampon, pagesize=LETTER, pageCompression=1, initialFontName=NORMAL)
    page.setTitle(titre)
    page.setAuthor("Subventions BINAM — démonstration")
    page.setFont(GRAS, 16)
    page.drawString(72, 700, titre)
    page.setFont(NORMAL, 12)
    y = 676
    for ligne in [*lignes, "Document fictif — données de démonstration."]:
        page.drawString(72, y, ligne)
        y -= 24
    page.showPage()
    page.save()
    return tampon.getvalue()
