"""Every write that is a business step on a grant. Each takes the row with select_for_update()
inside a transaction, enforces its rule with a clear French message, and leaves a trace: the
file itself (`dossier`), its lifecycle steps (`etapes`) and the money rules they share
(`montants`)."""

from .dossier import (
    CHAMPS_SUBVENTION,
    subvention_creer,
    subvention_creer_recommandee,
    subvention_modifier,
    subvention_numero_suivant,
)
from .etapes import (
    SERVICES_SIMPLES,
    etape_commencer,
    etape_enregistrer,
    subvention_annuler,
    subvention_approuver,
    subvention_demarrer,
    subvention_fermer,
    subvention_recommander,
    subvention_refuser,
    subvention_renvoyer,
    subvention_terminer,
)
from .montants import enveloppes_verifier, valider_montants, verifier_repartition_complete

__all__ = [
    "CHAMPS_SUBVENTION",
    "SERVICES_SIMPLES",
    "enveloppes_verifier",
    "etape_commencer",
    "etape_enregistrer",
    "subvention_annuler",
    "subvention_approuver",
    "subvention_creer",
    "subvention_creer_recommandee",
    "subvention_demarrer",
    "subvention_fermer",
    "subvention_modifier",
    "subvention_numero_suivant",
    "subvention_recommander",
    "subvention_refuser",
    "subvention_renvoyer",
    "subvention_terminer",
    "valider_montants",
    "verifier_repartition_complete",
]
