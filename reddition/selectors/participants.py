"""Participants reached, read from each grant's retained activity report, and compared with the
targets."""

from django.db.models import F, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from noyau.formats import pourcentage
from referentiel.models import StatutImmigration
from subventions.models import CibleStatut, Subvention
from subventions.selectors import (
    COLONNES_PAR_RUBRIQUE,
    cibles_par_service_et_statut,
)

from ..models import Obligation, Participation, Rapport


def _cellule(statut, atteints, cible):
    return {
        "statut": statut,
        "atteints": atteints,
        "cible": cible,
        "pourcentage": pourcentage(atteints, cible),
    }


def comparaison_cibles(contenu) -> list[dict]:
    """Reached against targets, per funded service and per status: the one place the review
    compares. A line with targets per status is compared status by status (reached / target);
    a line without them has only its total target, and its statuses show what was reached with
    no target. One query (the lines' targets per status), whatever the grid's size.

    Each line: `nom`, `atteints`, `cible`, `pourcentage` (the line's total against its total
    target), `par_statut_saisi` and `par_statut` (one `_cellule` per status of the grid)."""
    ids = [s["id"] for s in contenu["services"]]
    statuts = StatutImmigration.noms_affiches(contenu["statuts"])
    cibles = {
        (sf, st): n
        for sf, st, n in CibleStatut.objects.filter(service_finance_id__in=ids).values_list(
            "service_finance_id", "statut_id", "participants_cibles"
        )
    }
    lignes = []
    for s in contenu["services"]:
        saisi = any(sf == s["id"] for sf, _st in cibles)
        lignes.append(
            {
                "nom": s["nom"],
                "atteints": s["total"],
                "cible": s["cible"],
                "pourcentage": pourcentage(s["total"], s["cible"]),
                "par_statut_saisi": saisi,
                "par_statut": [
                    _cellule(nom, s["nombres"].get(str(pk), 0), cibles.get((s["id"], pk)))
                    for pk, nom in statuts
                ],
            }
        )
    return lignes


# Participants reached: what accepted reports say. Reports are cumulative (the final report
# restates the period of the mid-way one, and more), so a grant's reach is its *latest* accepted
# activity report, never the sum of its reports, which would count the mid-way participants
# twice. "Latest" is the one covering the latest period (then the final before a mid-way one,
# then the latest made); états financiers carry no participants and are left out.
TYPES_AVEC_PARTICIPANTS = (Obligation.Type.RAPPORT_ETAPE, Obligation.Type.RAPPORT_FINAL)


ORDRE_DU_DERNIER = ("-obligation__periode_fin", "-obligation__type", "-pk")


def _acceptes_avec_participants():
    """The accepted activity reports: those a grant's reach can be read from."""
    return Rapport.objects.filter(
        obligation__type__in=TYPES_AVEC_PARTICIPANTS, statut=Rapport.Statut.ACCEPTE
    )


def rapports_retenus(subventions) -> QuerySet:
    """The pk of each grant's latest accepted activity report (a subquery, run by the caller's
    query): the reports participants reached are read from. The accepted reports of the grants
    are ranked per grant in one pass (a window), rather than a "latest" subquery run for each
    grant: on 20,000 grants the dashboard's participants took 215 ms that way."""
    return (
        _acceptes_avec_participants()
        .filter(obligation__subvention__in=subventions.order_by().values("pk"))
        .annotate(
            rang=Window(
                RowNumber(),
                partition_by=F("obligation__subvention"),
                order_by=ORDRE_DU_DERNIER,
            )
        )
        .filter(rang=1)
        .values("pk")
    )


def rapport_retenu(subvention) -> Rapport | None:
    """The grant's latest accepted activity report, with its obligation (one query)."""
    return (
        _acceptes_avec_participants()
        .filter(obligation__subvention=subvention)
        .select_related("obligation")
        .order_by(*ORDRE_DU_DERNIER)
        .first()
    )


def participants_rejoints(subvention) -> dict:
    """{(service_finance pk, statut pk): participants reached} for one grant, from its latest
    accepted activity report; empty when none is accepted yet. One query."""
    qs = Participation.objects.filter(
        rapport__in=rapports_retenus(Subvention.objects.filter(pk=subvention.pk))
    )
    return {
        (sf, st): n for sf, st, n in qs.values_list("service_finance_id", "statut_id", "nombre")
    }


def participants_rejoints_par_rubrique(subventions) -> dict:
    """{(rubrique pk, statut pk): participants reached} summed in the database over the
    grants of `subventions` (already scoped by the caller), each from its latest accepted
    activity report. One query whatever the number of grants or reports."""
    return {(r, st): n for r, st, n in requete_participants_rejoints_par_rubrique(subventions)}


def requete_participants_rejoints_par_rubrique(subventions, *, par_subvention=False):
    """That query, not run: rows (rubrique pk, statut pk, participants reached), named as the
    targets' (subventions.selectors.COLONNES_PAR_RUBRIQUE). `par_subvention`: grouped by grant
    too, its pk first (the dashboard's running totals, rapports.cumuls)."""
    lignes = Participation.objects.filter(rapport__in=rapports_retenus(subventions)).values(
        rubrique_pk=F("service_finance__service__rubrique"), statut_pk=F("statut")
    )
    colonnes = COLONNES_PAR_RUBRIQUE
    if par_subvention:
        lignes = lignes.values(
            "rubrique_pk", "statut_pk", sub_pk=F("rapport__obligation__subvention")
        )
        colonnes = ("sub_pk", *colonnes)
    return lignes.annotate(n=Sum("nombre")).order_by().values_list(*colonnes)


def atteints_contre_cibles(subvention, cibles=None) -> dict:
    """The grant page's reached vs target, per funded line and status: the targets of
    `cibles_par_service_et_statut` (a status reached but no longer active is added as a
    column) with the reach of `participants_rejoints`. Each line has the shape of
    `comparaison_cibles`. At most six queries; `cibles`, when the page has them already, saves
    three. The caller has checked the user may see the grant's reports."""
    if cibles is None:
        cibles = cibles_par_service_et_statut(subvention)
    atteints = participants_rejoints(subvention)
    statuts = list(cibles["statuts"])
    connus = {st.pk for st in statuts}
    manquants = {st for _sf, st in atteints if st not in connus}
    if manquants:
        statuts += list(StatutImmigration.objects.filter(pk__in=manquants))
    lignes = []
    for ligne in cibles["lignes"]:
        sf = ligne["service_finance"]
        total = sum(n for (sf_pk, _st), n in atteints.items() if sf_pk == sf.pk)
        lignes.append(
            {
                "nom": str(sf.service),
                "atteints": total,
                "cible": ligne["total"],
                "pourcentage": pourcentage(total, ligne["total"]),
                "par_statut_saisi": ligne["par_statut_saisi"],
                "par_statut": [
                    _cellule(
                        str(st), atteints.get((sf.pk, st.pk), 0), ligne["par_statut"].get(st.pk)
                    )
                    for st in statuts
                ],
            }
        )
    return {"lignes": lignes, "rapport": rapport_retenu(subvention) if atteints else None}
