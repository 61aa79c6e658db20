from .appel import MONTREAL, AppelDeProjets, AppelQuerySet, EtatEffectif, chemin_guide
from .comite import Conflit, Evaluation, Note, Recommandation
from .contenu import (
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
    # The selection committee.
    "Conflit",
    "Evaluation",
    "Note",
    "Recommandation",
]
