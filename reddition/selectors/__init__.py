"""Reads of the reporting app, scoped to the user through the grants' own scoping: obligations
and their queues (`obligations`), a report's content as its versions keep it and its pages draw
it (`contenu`), and the participants reached against the targets (`participants`)."""

from .contenu import contenu_rapport, lecture_rapport
from .obligations import (
    HORIZON_JOURS,
    avec_brouillon,
    empechements_fermeture,
    obligations_a_relancer,
    obligations_a_surveiller,
    obligations_de_subvention,
    obligations_dues,
    obligations_visibles,
    pieces_de,
    rapports_a_examiner,
    renvois_en_cours,
    versions_de,
)
from .participants import (
    atteints_contre_cibles,
    comparaison_cibles,
    participants_rejoints,
    participants_rejoints_par_rubrique,
    rapport_retenu,
    rapports_retenus,
    requete_participants_rejoints_par_rubrique,
)

__all__ = [
    "HORIZON_JOURS",
    "atteints_contre_cibles",
    "avec_brouillon",
    "comparaison_cibles",
    "contenu_rapport",
    "empechements_fermeture",
    "lecture_rapport",
    "obligations_a_relancer",
    "obligations_a_surveiller",
    "obligations_de_subvention",
    "obligations_dues",
    "obligations_visibles",
    "participants_rejoints",
    "participants_rejoints_par_rubrique",
    "pieces_de",
    "rapport_retenu",
    "rapports_a_examiner",
    "rapports_retenus",
    "renvois_en_cours",
    "requete_participants_rejoints_par_rubrique",
    "versions_de",
]
