from .appel import MONTREAL, AppelDeProjets, AppelQuerySet, EtatEffectif, chemin_guide
from .comite import Conflit, Evaluation, Note, Recommandation
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
    # The selection committee.
    "Conflit",
    "Evaluation",
    "Note",
    "Recommandation",
]
