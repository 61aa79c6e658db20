"""The dashboard: every figure at once, from the running totals or live."""

from noyau.requetes import filtre_quelque_chose
from subventions.selectors import (
    subventions_visibles,
    totaux_des_statuts,
    totaux_subventions,
)

from ..cumuls.lecture import Sommes
from .argent import en_bref, par_statut, situation, situation_depuis
from .organismes import (
    NB_ORGANISMES,
    engage_par_arrondissement,
    engage_par_organisme,
    obligations_en_retard,
    ordre_des_arrondissements,
    principaux_organismes,
)
from .participants import participants_par_rubrique
from .portee import Filtres, perimetre, peut_voir


def tableau_de_bord(*, user, filtres: Filtres, cumuls=False) -> dict:
    """Every figure of the dashboard, one entry per selector of this package; the figures two
    tables share are read once (the grants' totals by status, the paid total, the money
    committed per organisation).

    `cumuls`: read the sums from the running totals (rapports.cumuls: a few hundred rows
    instead of ten years of grants, the same figures, tests/rapports/test_cumuls.py), after the
    caller folded the pending grants in (rapports.cumuls.services.cumuls_a_jour); only for whoever
    sees every grant, a narrower scope reads live figures."""
    if cumuls and peut_voir(user) and not filtre_quelque_chose(subventions_visibles(user=user)):
        sommes = Sommes(filtres)
        totaux = totaux_des_statuts(sommes.par_statut(), filtres.exercice)
        argent = situation_depuis(filtres, *sommes.argent())
        arrondissements = ordre_des_arrondissements(sommes.par_arrondissement())
        organismes = sommes.principaux_organismes(NB_ORGANISMES)
        atteints_et_cibles = sommes.atteints_et_cibles()
    else:
        totaux = totaux_subventions(
            subventions=perimetre(user=user, filtres=filtres), exercice=filtres.exercice
        )
        argent = situation(user=user, filtres=filtres)
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
        arrondissements = engage_par_arrondissement(
            user=user, filtres=filtres, par_organisme=par_organisme
        )
        organismes = principaux_organismes(user=user, filtres=filtres, par_organisme=par_organisme)
        atteints_et_cibles = None
    return {
        "en_bref": en_bref(
            user=user, filtres=filtres, totaux=totaux, verse=argent["total"]["verse"]
        ),
        "situation": argent,
        "par_statut": par_statut(user=user, filtres=filtres, totaux=totaux),
        "retards": obligations_en_retard(user=user, filtres=filtres),
        "arrondissements": arrondissements,
        "organismes": organismes,
        "participants": participants_par_rubrique(
            user=user, filtres=filtres, atteints_et_cibles=atteints_et_cibles
        ),
    }
