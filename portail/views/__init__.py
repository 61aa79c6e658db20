from .accueil import PortailAccueilView
from .profil import (
    ProfilContactAjouterView,
    ProfilContactModifierView,
    ProfilContactSupprimerView,
    ProfilDocumentAjouterView,
    ProfilDocumentRemplacerView,
    ProfilModifierView,
    ProfilView,
)

__all__ = [
    "PortailAccueilView",
    "ProfilContactAjouterView",
    "ProfilContactModifierView",
    "ProfilContactSupprimerView",
    "ProfilDocumentAjouterView",
    "ProfilDocumentRemplacerView",
    "ProfilModifierView",
    "ProfilView",
]
