"""Participants reached against the targets, by rubrique and immigration status."""

from django.db.models import IntegerField, Q, Value
from django.utils.translation import gettext as _

from noyau.formats import pourcentage
from reddition.selectors import requete_participants_rejoints_par_rubrique
from referentiel.models import Rubrique, StatutImmigration
from subventions.models import Subvention
from subventions.selectors import (
    COLONNES_PAR_RUBRIQUE,
    requetes_cibles_par_rubrique,
)

from .portee import Filtres, perimetre


def _atteints_et_cibles(grants):
    """The reach (reddition's figure) and the targets (subventions') of the grants, by rubrique
    and status, from their apps' three grouped queries sent as one UNION ALL, each row tagged
    with the figure it gives."""
    rejoints = requete_participants_rejoints_par_rubrique(grants)
    par_statut, sans_statut = requetes_cibles_par_rubrique(
        grants.filter(statut__in=Subvention.STATUTS_ENGAGES)
    )
    atteints, cibles = {}, {}
    genre = IntegerField()
    lignes = (
        rejoints.annotate(genre=Value(0, output_field=genre))
        .values_list("genre", *COLONNES_PAR_RUBRIQUE)
        .union(
            par_statut.annotate(genre=Value(1, output_field=genre)).values_list(
                "genre", *COLONNES_PAR_RUBRIQUE
            ),
            sans_statut.annotate(genre=Value(1, output_field=genre)).values_list(
                "genre", *COLONNES_PAR_RUBRIQUE
            ),
            all=True,
        )
    )
    for g, rubrique, statut, n in lignes:
        (cibles if g else atteints)[(rubrique, statut)] = n
    return atteints, cibles


def participants_par_rubrique(*, user, filtres: Filtres, atteints_et_cibles=None) -> dict:
    """Participants reached (each grant's latest accepted activity report, see
    reddition.selectors) against the targets of the grants approved or later, by rubrique and
    immigration status. `atteints_et_cibles`: the two sums when the caller has them (the
    running totals), {(rubrique pk, statut pk or None): n} each.

    Reached is always per status (the report's grid); a target is per status only where the
    line sets it. A line with only its total target counts in a "statut non précisé" column,
    so that each rubrique's total target stays Σ participants visés and its total compares like
    with like; a status column's target covers only the lines that set one, so only the totals
    carry a percentage. Columns: the active statuses plus any that has a figure. Five queries.

    Returns {"statuts", "lignes", "total", "non_precise"}: each line (and the total) has
    `rubrique`, `cellules` [{"atteints", "cible"}] per status, `non_precise` (the targets
    without status), `atteints`, `cible`, `pourcentage`."""
    if atteints_et_cibles is None:
        atteints_et_cibles = _atteints_et_cibles(perimetre(user=user, filtres=filtres))
    atteints, cibles = atteints_et_cibles
    cles = set(atteints) | set(cibles)
    statuts = list(
        StatutImmigration.objects.filter(
            Q(actif=True) | Q(pk__in={st for _r, st in cles if st is not None})
        )
    )
    rubriques = list(Rubrique.objects.filter(pk__in={r for r, _st in cles}))

    def ligne(nom, garder):
        cellules = [
            {
                "atteints": sum(n for (r, st), n in atteints.items() if st == s.pk and garder(r)),
                "cible": sum(n for (r, st), n in cibles.items() if st == s.pk and garder(r)),
            }
            for s in statuts
        ]
        non_precise = sum(n for (r, st), n in cibles.items() if st is None and garder(r))
        total_atteints = sum(c["atteints"] for c in cellules)
        total_cible = sum(c["cible"] for c in cellules) + non_precise
        return {
            "rubrique": nom,
            "cellules": cellules,
            "non_precise": non_precise,
            "atteints": total_atteints,
            "cible": total_cible,
            "pourcentage": pourcentage(total_atteints, total_cible),
        }

    return {
        "statuts": statuts,
        "lignes": [ligne(str(r), lambda pk, r=r: pk == r.pk) for r in rubriques],
        "total": ligne(_("Total"), lambda pk: True),
        "non_precise": any(st is None for _r, st in cibles),
    }
