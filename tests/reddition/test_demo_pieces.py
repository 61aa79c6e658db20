"""The demo's attached files are real PDFs: the attendance lists of the demo reports and the
organisations' documents open in a viewer (pypdf reads a page and its text, fonts embedded)."""

import io

import pytest
from pypdf import PdfReader

from organismes.models import Document
from reddition.models import PieceJointe
from tests.instantane import charger_demo

pytestmark = pytest.mark.django_db


def lire(fichier) -> PdfReader:
    with fichier.open("rb") as f:
        contenu = f.read()
    assert len(contenu) > 500, len(contenu)
    lecteur = PdfReader(io.BytesIO(contenu), strict=True)
    assert len(lecteur.pages) == 1
    for police in lecteur.pages[0]["/Resources"]["/Font"].values():
        police = police.get_object()
        cible = (
            police["/DescendantFonts"][0].get_object() if "/DescendantFonts" in police else police
        )
        assert "/FontFile2" in cible["/FontDescriptor"].get_object(), police["/BaseFont"]
    return lecteur


def test_pieces_et_documents_de_demonstration_sont_de_vrais_pdf():
    charger_demo("--subventions", "12", "--organismes", "4")
    pieces = PieceJointe.objects.filter(nom="liste-des-presences.pdf")
    assert pieces.exists()
    for piece in pieces[:3]:
        texte = lire(piece.fichier).pages[0].extract_text()
        assert "Liste des présences" in texte
        assert piece.rapport.obligation.subvention.numero in texte
    documents = Document.objects.all()
    assert documents.exists()
    for document in documents[:2]:
        assert "Document fictif" in lire(document.fichier).pages[0].extract_text()
