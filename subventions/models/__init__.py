from .programme import Enveloppe, Programme
from .subvention import (
    DerogationEnveloppe,
    Repartition,
    SequenceNumero,
    ServiceFinance,
    Subvention,
    Transition,
)

__all__ = [
    "DerogationEnveloppe",
    "Enveloppe",
    "Programme",
    "Repartition",
    "SequenceNumero",
    "ServiceFinance",
    "Subvention",
    "Transition",
]
