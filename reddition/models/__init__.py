from .obligations import Obligation, ObligationQuerySet, RappelEnvoye, Suivi
from .rapports import Depense, Participation, PieceJointe, Rapport, VersionRapport

__all__ = [
    "Depense",
    "Obligation",
    "ObligationQuerySet",
    "Participation",
    "PieceJointe",
    "RappelEnvoye",
    "Rapport",
    "Suivi",
    "VersionRapport",
]
