"""Every figure of the managers' reports, computed once: the dashboard, the program summary
workbook (and later the PDFs) read these functions and nothing else.

Each function takes the user and the filters (programme, exercice), answers nothing to whoever
may not read the reports, and aggregates in the database: the number of queries does not grow
with the number of grants. The words are the ones the other apps define: engagé is
`Repartition.objects.engagees()` (approved or later), proposé is `Repartition.objects.proposees()`
(en analyse, recommandée: never inside engagé nor accordé), versé of an exercice is
`Versement.objects.payes_de_l_exercice()` and its grouping `total_par_programme_et_exercice_paye()`
(the instalments' app says which payments belong to an exercice), en retard is
`Obligation.objects.en_retard()`.

The programme page (`situation` with the permission `subventions.voir_programmes`), the annual
report PDF, the Sommaire workbook and the open data's page (`situation_publiee`) read `situation`:
enveloppe, engagé, proposé, versé and solde have one definition.
"""

from .argent import (
    en_bref,
    par_statut,
    situation,
    situation_depuis,
    situation_publiee,
    total_par_statut,
)
from .organismes import (
    NB_ORGANISMES,
    NB_RETARDATAIRES,
    engage_par_arrondissement,
    engage_par_organisme,
    obligations_en_retard,
    ordre_des_arrondissements,
    principaux_organismes,
)
from .participants import participants_par_rubrique
from .portee import Filtres, perimetre, peut_voir
from .tableau import tableau_de_bord

__all__ = [
    "NB_ORGANISMES",
    "NB_RETARDATAIRES",
    "Filtres",
    "en_bref",
    "engage_par_arrondissement",
    "engage_par_organisme",
    "obligations_en_retard",
    "ordre_des_arrondissements",
    "par_statut",
    "participants_par_rubrique",
    "perimetre",
    "peut_voir",
    "principaux_organismes",
    "situation",
    "situation_depuis",
    "situation_publiee",
    "tableau_de_bord",
    "total_par_statut",
]
