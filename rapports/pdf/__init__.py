"""The PDF kit: one font family, one page template, one set of styles and flowables, so that
every document (fiche, convention, relevé, annual report) looks and reads the same."""

from reportlab.lib.units import mm as MM

from .elements import (
    cadre_signature,
    espace,
    fiche,
    formater,
    intertitre,
    paragraphe,
    tableau,
    texte,
    titre,
    vide,
)
from .gabarit import Document, nom_de_fichier, reponse_pdf

__all__ = [
    "MM",
    "Document",
    "cadre_signature",
    "espace",
    "fiche",
    "formater",
    "intertitre",
    "paragraphe",
    "nom_de_fichier",
    "reponse_pdf",
    "tableau",
    "texte",
    "titre",
    "vide",
]
