"""Reading back what the documents wrote: PDF text and metadata (pypdf), workbooks (openpyxl)."""

import io
import re

from pypdf import PdfReader

from noyau.formats import format_money


def pdf_de(reponse) -> PdfReader:
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(reponse.streaming_content)))


def pages(lecteur) -> list[str]:
    return [page.extract_text() for page in lecteur.pages]


def texte(lecteur) -> str:
    return "\n".join(pages(lecteur))


def lu_en_entier(contenu) -> tuple[str, str]:
    """(the text layer as extracted, the same with its lines joined again: right after a hyphen
    or a dash as is, elsewhere by a space). A word cut over two lines reads as two words there."""
    brut = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    return brut, re.sub(r"\s*\n\s*", " ", re.sub(r"(?<=[-–])\n", "", brut))


def montant_pdf(montant) -> str:
    """`1 234 567,89 $` as a PDF's text layer gives it back. The PDF draws the no-break spaces
    (the font has their glyph, tests/rapports/test_pdf_kit.py), but a text extractor reads them
    as plain spaces: the same glyph serves both characters in the font."""
    return format_money(montant).replace("\xa0", " ").replace("\u202f", " ")
