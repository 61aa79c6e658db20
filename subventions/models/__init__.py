from .avenant import Avenant, RepartitionAvenant
from .cible import CibleStatut
from .programme import Enveloppe, Programme
from .repartition import Repartition
from .subvention import (
    DELAI_RAPPORT_FINAL,
    DerogationEnveloppe,
    SequenceNumero,
    ServiceFinance,
    Subvention,
    SubventionQuerySet,
    Transition,
    ordre_numero,
    sous_convention_q,
)

__all__ = [
    "DELAI_RAPPORT_FINAL",
    "Avenant",
    "CibleStatut",
    "DerogationEnveloppe",
    "Enveloppe",
    "Programme",
    "Repartition",
    "RepartitionAvenant",
    "SequenceNumero",
    "ServiceFinance",
    "Subvention",
    "SubventionQuerySet",
    "Transition",
    "sous_convention_q",
    "ordre_numero",
]
