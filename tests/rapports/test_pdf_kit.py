import io
from decimal import Decimal

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from rapports import pdf
from rapports.pdf.polices import FICHIERS, enregistrer_polices

from .lecture import montant_pdf


def test_la_police_a_chaque_glyphe_du_francais():
    enregistrer_polices()
    francais = "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ«»—–’\u00a0\u202f\u2212$"
    for nom, _fichier in FICHIERS.values():
        glyphes = pdfmetrics.getFont(nom).face.charToGlyph
        manquants = [hex(ord(c)) for c in francais if ord(c) not in glyphes]
        assert not manquants, (nom, manquants)


def test_document_metadonnees_pages_et_texte_echappe():
    lignes = [[f"Ligne {i}", Decimal("1234.5") * i] for i in range(1, 121)]
    contenu = pdf.Document(titre="Essai « œuvre »", sujet="Sujet").construire(
        [
            *pdf.titre("Parents & enfants <b>", "Côte-des-Neiges–Notre-Dame-de-Grâce"),
            pdf.tableau(["Libellé", "Montant"], lignes, total=["Total", Decimal("-53408")]),
        ]
    )
    lecteur = PdfReader(io.BytesIO(contenu))
    textes = [p.extract_text() for p in lecteur.pages]
    total = len(textes)
    assert total >= 3
    assert "Parents & enfants <b>" in textes[0]
    assert "Côte-des-Neiges–Notre-Dame-de-Grâce" in textes[0]
    for numero, texte in enumerate(textes, start=1):
        assert f"Page {numero} de {total}" in texte
        assert "Généré le" in texte
    assert "Libellé" in textes[1] and "Montant" in textes[1]
    assert montant_pdf(Decimal("1234.5") * 120) in "\n".join(textes)
    assert "−53 408,00 $" in textes[-1]
    assert lecteur.metadata.title == "Essai « œuvre »"
    assert lecteur.metadata.author == "Ville de Montréal — BINAM"
    assert lecteur.metadata.subject == "Sujet"
    assert lecteur.trailer["/Root"]["/Lang"] == "fr-CA"


def test_nom_de_fichier_avec_la_date(settings):
    nom = pdf.nom_de_fichier("fiche", "BINAM-2025-042")
    assert nom.startswith("fiche-BINAM-2025-042-20") and nom.endswith(".pdf")
