from .appel import MONTREAL, AppelDeProjets, AppelQuerySet, EtatEffectif, chemin_guide

# What an application holds and what staff record on it (the partner's slice).
from .contenu import (  # noqa: E402
    AutreFinancement,
    CibleDemande,
    DemandeService,
    LigneBudgetDemande,
    PieceDemande,
    ProlongationDemande,
    Recevabilite,
)
from .demande import Demande, Evaluateur
from .lignes import CritereEvaluation, DocumentRequis, RegleAdmissibilite

__all__ = [
    "MONTREAL",
    "AppelDeProjets",
    "AppelQuerySet",
    "CritereEvaluation",
    "Demande",
    "DocumentRequis",
    "EtatEffectif",
    "Evaluateur",
    "RegleAdmissibilite",
    "chemin_guide",
    "AutreFinancement",
    "CibleDemande",
    "DemandeService",
    "LigneBudgetDemande",
    "PieceDemande",
    "ProlongationDemande",
    "Recevabilite",
]
