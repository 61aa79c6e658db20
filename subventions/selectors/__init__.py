"""Reads scoped to the user: the only place where a partner's view is narrowed to its own
(`visibles`), the one place where each grant figure (totals, engagé) is computed (`argent`),
and the participant targets (`cibles`)."""

from .argent import (
    ZERO,
    apercu_enveloppes,
    changements_enveloppes,
    engage_par_exercice,
    subventions_par_statut,
    total_situation,
    totaux_des_statuts,
    totaux_subventions,
)
from .cibles import (
    COLONNES_PAR_RUBRIQUE,
    cibles_par_rubrique,
    cibles_par_service_et_statut,
    requetes_cibles_par_rubrique,
    statuts_des_cibles,
)
from .visibles import (
    ETAPES_QUI_FONT_AVANCER,
    financements_du_service,
    organismes_pour_liste,
    programmes_pour_liste,
    subventions_a_approuver,
    subventions_a_faire_avancer,
    subventions_de_organisme,
    subventions_visibles,
)

__all__ = [
    "COLONNES_PAR_RUBRIQUE",
    "ETAPES_QUI_FONT_AVANCER",
    "ZERO",
    "apercu_enveloppes",
    "changements_enveloppes",
    "cibles_par_rubrique",
    "cibles_par_service_et_statut",
    "engage_par_exercice",
    "financements_du_service",
    "organismes_pour_liste",
    "programmes_pour_liste",
    "requetes_cibles_par_rubrique",
    "statuts_des_cibles",
    "subventions_a_approuver",
    "subventions_a_faire_avancer",
    "subventions_de_organisme",
    "subventions_par_statut",
    "subventions_visibles",
    "total_situation",
    "totaux_des_statuts",
    "totaux_subventions",
]
