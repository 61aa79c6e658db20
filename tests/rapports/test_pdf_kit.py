import io
from decimal import Decimal

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from rapports import pdf
from rapports.pdf.listes import tableau_long
from rapports.pdf.polices import FICHIERS, NORMAL, enregistrer_polices

from .lecture import lu_en_entier, montant_pdf


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


def test_liste_longue_chaque_document_avec_ses_propres_codes():
    """The long list encodes each string once per document. A glyph's code in the embedded font
    depends on the order the document first writes its characters (here the title, in the
    running header, comes first): the second document reads back its own text, not the first
    one's codes (which would give other letters)."""
    nom = "Zoé (Ève) \\ « Lié »"

    def premiere_page(titre):
        table = tableau_long(
            ["Organisme", "Montant"],
            [[nom, Decimal("-1234.5")], ["Œuvre", None]],
            largeurs=[80 * pdf.MM, 40 * pdf.MM],
            nombres=(1,),
        )
        contenu = pdf.Document(titre=titre).construire([table])
        return PdfReader(io.BytesIO(contenu)).pages[0].extract_text()

    for titre in ("Essai", "Œuvres à part, ÿ ñ"):
        texte = premiere_page(titre)
        assert titre in texte
        assert nom in texte and "Œuvre" in texte and "—" in texte
        assert montant_pdf(Decimal("-1234.5")) in texte


def test_liste_longue_au_dela_des_256_codes_d_un_sous_ensemble():
    """A font subset holds 256 codes: past them (here 300 Latin, Greek and Cyrillic letters the
    font has), a string spans two subsets and still reads back whole, French around it too."""
    enregistrer_polices()
    glyphes = pdfmetrics.getFont(NORMAL).face.charToGlyph
    lettres = [chr(c) for c in range(0x100, 0x500) if c in glyphes and chr(c).isalpha()][:300]
    assert len(lettres) == 300
    lignes = [["".join(lettres[i : i + 10]), "Zoé"] for i in range(0, 300, 10)]
    lignes.append(["Œuvre « mixte » " + lettres[0] + lettres[-1], "Ève"])
    table = tableau_long(["Nom", "Prénom"], lignes, largeurs=[80 * pdf.MM, 40 * pdf.MM])
    contenu = pdf.Document(titre="Essai").construire([table])
    texte = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    for nom, prenom in lignes:
        assert f"{nom} {prenom}" in texte


NOMS_COMPOSES = [
    "Côte-des-Neiges–Notre-Dame-de-Grâce",
    "Rivière-des-Prairies–Pointe-aux-Trembles",
    "Villeray–Saint-Michel–Parc-Extension",
]


def test_cellule_coupee_aux_espaces_et_aux_tirets_jamais_dans_un_mot():
    """A compound name wider than its column goes to the next line after one of its hyphens or
    dashes, not where the column ends (« Notre-Dame-de-Grâ » / « ce »); a shorter one stays on
    one line; a label of a fiche too."""
    enregistrer_polices()
    colonne = 30 * pdf.MM
    for nom in NOMS_COMPOSES:  # wider than the column: each must be broken somewhere
        assert pdfmetrics.stringWidth(nom, NORMAL, 8.5) > colonne
    lignes = [[f"Projet {nom} et quartiers voisins", nom, Decimal("1")] for nom in NOMS_COMPOSES]
    contenu = pdf.Document(titre="Essai").construire(
        [
            pdf.tableau(["Projet", "Lieu", "Montant"], lignes, largeurs=[colonne] * 3),
            pdf.fiche([(NOMS_COMPOSES[0], "Côte-des-Neiges")], largeur_etiquette=colonne),
        ]
    )
    brut, lu = lu_en_entier(contenu)
    for nom in NOMS_COMPOSES:
        assert nom not in brut  # broken over lines...
        assert f"Projet {nom} et quartiers voisins" in lu  # ...but never inside a word
        assert lu.count(nom) == (3 if nom == NOMS_COMPOSES[0] else 2)
    assert "Côte-des-Neiges" in brut.splitlines()  # fits its column: whole on its line
