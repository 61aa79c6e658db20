"""Reads of reporting obligations, scoped to the user through the grants' own scoping."""

import datetime
from decimal import Decimal

from django.db.models import Case, F, Max, OuterRef, QuerySet, Subquery, Sum, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.formats import pourcentage
from noyau.permissions import autorises
from noyau.requetes import parmi
from referentiel.models import LigneBudgetaire, StatutImmigration
from subventions.models import CibleStatut, Subvention
from subventions.selectors import (
    COLONNES_PAR_RUBRIQUE,
    cibles_par_service_et_statut,
    subventions_visibles,
)
from versements.models import Versement

from .models import Obligation, Participation, PieceJointe, Rapport, Suivi, VersionRapport

ST = Obligation.Statut
V = Versement.Statut
# The staff's horizon: what falls due within this many days is shown as coming.
HORIZON_JOURS = 30


def obligations_visibles(*, user) -> QuerySet[Obligation]:
    """Obligations of the grants `user` may see, with `etat` (en retard computed today) and what
    a table shows."""
    return (
        parmi(Obligation.objects.all(), "subvention", subventions_visibles(user=user))
        .avec_etat()
        .select_related(
            "subvention", "subvention__organisme", "subvention__programme", "subvention__agent"
        )
    )


def obligations_de_subvention(*, user, subvention) -> list[Obligation]:
    return list(
        obligations_visibles(user=user)
        .filter(subvention=subvention)
        .order_by("date_echeance", "pk")
    )


def obligations_a_surveiller(*, user, jours=HORIZON_JOURS) -> QuerySet[Obligation]:
    """Still owed, and overdue or due within `jours` days (the staff's work queue)."""
    limite = timezone.localdate() + datetime.timedelta(days=jours)
    return obligations_visibles(user=user).filter(
        statut__in=Obligation.STATUTS_DUS, date_echeance__lte=limite
    )


def rapports_a_examiner(*, user) -> QuerySet[Obligation]:
    """Reports received that this user may review now (the rule `reddition.accepter`)."""
    return autorises(user, "reddition.accepter", obligations_visibles(user=user))


def obligations_a_relancer(*, user, jours=HORIZON_JOURS) -> QuerySet[Obligation]:
    """Overdue or due within `jours` days, on the files this user acts on (the rule of the
    step it leads to, `reddition.marquer_soumise`)."""
    return autorises(
        user, "reddition.marquer_soumise", obligations_a_surveiller(user=user, jours=jours)
    )


def empechements_fermeture(subvention) -> list[str]:
    """domain.md: a grant is closed once its final report is accepted and every instalment is
    paid, retained or cancelled. Returns what is still missing, in words (empty: it may close).
    Two queries, whatever the number of rows."""
    raisons = []
    finals = list(
        subvention.obligations.filter(type=Obligation.Type.RAPPORT_FINAL).values_list(
            "statut", flat=True
        )
    )
    if not finals:
        raisons.append(_("le rapport final n'est pas prévu (ajoutez l'obligation)."))
    elif any(statut != ST.ACCEPTE for statut in finals):
        raisons.append(_("le rapport final n'est pas encore accepté."))
    en_suspens = subvention.versements.filter(statut__in=[V.PREVU, V.AUTORISE]).count()
    if en_suspens:
        raisons.append(
            ngettext(
                "%(nombre)d versement n'est ni payé, ni retenu, ni annulé.",
                "%(nombre)d versements ne sont ni payés, ni retenus, ni annulés.",
                en_suspens,
            )
            % {"nombre": en_suspens}
        )
    return raisons


# --- Partner reports -------------------------------------------------------------------------


def versions_de(*, user, obligation) -> QuerySet[VersionRapport]:
    """The submitted versions of `obligation`'s report, through the user-scoped obligations."""
    return VersionRapport.objects.filter(
        rapport__obligation__in=obligations_visibles(user=user).filter(pk=obligation.pk)
    ).select_related("soumis_par", "decide_par")


def pieces_de(*, user, obligation) -> QuerySet[PieceJointe]:
    return PieceJointe.objects.filter(
        rapport__obligation__in=obligations_visibles(user=user).filter(pk=obligation.pk)
    )


def contenu_rapport(rapport, obligation=None) -> dict:
    """The report as one JSON-ready dict: what a version keeps, what the screens draw. The
    grid is the grant's funded services × the statuses active today (a status added later is
    an empty column); totals are summed here, never taken from the browser."""
    obligation = obligation or rapport.obligation
    subvention = obligation.subvention
    statuts = list(StatutImmigration.objects.actifs().values_list("pk", "nom"))
    nombres, montants, pieces, activites = {}, {}, [], ""
    if rapport is not None and rapport.pk:
        activites = rapport.activites
        nombres = {
            (p.service_finance_id, p.statut_id): p.nombre for p in rapport.participations.all()
        }
        montants = {d.ligne_id: d.montant for d in rapport.depenses.all()}
        pieces = [{"id": p.pk, "nom": p.nom} for p in rapport.pieces.filter(retiree=False)]
    services = []
    totaux_statuts = {str(pk): 0 for pk, _nom in statuts}
    for sf in subvention.services_finances.select_related("service").order_by("pk"):
        cellules = {str(st): nombres.get((sf.pk, st), 0) for st, _nom in statuts}
        for st, n in cellules.items():
            totaux_statuts[st] += n
        services.append(
            {
                "id": sf.pk,
                "nom": str(sf.service),
                "cible": sf.participants_cibles,
                "nombres": cellules,
                "total": sum(cellules.values()),
            }
        )
    lignes = [
        {"id": pk, "nom": nom, "montant": str(montants.get(pk, Decimal("0.00")))}
        for pk, nom in LigneBudgetaire.objects.actifs().values_list("pk", "nom")
    ]
    return {
        "activites": activites,
        "statuts": [[pk, nom] for pk, nom in statuts],
        "services": services,
        "totaux_statuts": totaux_statuts,
        "total": sum(totaux_statuts.values()),
        "lignes": lignes,
        "total_depenses": str(sum((Decimal(li["montant"]) for li in lignes), Decimal("0.00"))),
        "montant_accorde": str(subvention.montant_accorde or Decimal("0.00")),
        "pieces": pieces,
    }


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


def lecture_rapport(contenu, precedent=None) -> dict:
    """What a page draws of a report or a version: grid rows with their totals, expenses with
    the budget comparison, and, against the `precedent` version, which cells changed (with the
    earlier value, shown as text)."""
    avant_p, avant_d = {}, {}
    if precedent:
        for s in precedent["services"]:
            for st, n in s["nombres"].items():
                avant_p[(s["id"], st)] = n
        avant_d = {li["id"]: Decimal(li["montant"]) for li in precedent["lignes"]}

    def cellule(valeur, avant):
        modifie = precedent is not None and avant != valeur
        return {"valeur": valeur, "avant": avant, "modifie": modifie}

    lignes_grille = [
        {
            "id": s["id"],
            "nom": s["nom"],
            "cible": s["cible"],
            "total": s["total"],
            "pourcentage": pourcentage(s["total"], s["cible"]),
            "cellules": [
                cellule(s["nombres"].get(str(pk), 0), avant_p.get((s["id"], str(pk)), 0))
                | {"statut": pk}
                for pk, _nom in contenu["statuts"]
            ],
        }
        for s in contenu["services"]
    ]
    total_depenses = Decimal(contenu["total_depenses"])
    accorde = Decimal(contenu["montant_accorde"])
    postes = dict(LigneBudgetaire.noms_affiches([li["id"], li["nom"]] for li in contenu["lignes"]))
    return {
        "activites": contenu["activites"],
        "activites_modifiees": precedent is not None
        and precedent["activites"] != contenu["activites"],
        "statuts": StatutImmigration.noms_affiches(contenu["statuts"]),
        "grille": lignes_grille,
        "totaux_statuts": [
            contenu["totaux_statuts"].get(str(pk), 0) for pk, _n in contenu["statuts"]
        ],
        "colonnes": [
            (pk, nom, contenu["totaux_statuts"].get(str(pk), 0))
            for pk, nom in StatutImmigration.noms_affiches(contenu["statuts"])
        ],
        "total": contenu["total"],
        "depenses": [
            cellule(Decimal(li["montant"]), avant_d.get(li["id"], Decimal("0")))
            | {"id": li["id"], "nom": postes[li["id"]]}
            for li in contenu["lignes"]
        ],
        "total_depenses": total_depenses,
        "montant_accorde": accorde,
        "pourcentage_depense": pourcentage(total_depenses, accorde),
        "pieces": contenu["pieces"],
        "cibles": comparaison_cibles(contenu),
    }


def obligations_dues(*, user) -> QuerySet[Obligation]:
    """What the organisation still owes: to come, overdue or sent back for correction, each
    with `brouillon_le` (avec_brouillon)."""
    return avec_brouillon(obligations_visibles(user=user).filter(statut__in=Obligation.STATUTS_DUS))


def avec_brouillon(obligations: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """Annotates `brouillon_le`: when the report's draft was last saved, if a draft waits to be
    submitted (never sent, or changed since the officer sent it back); None otherwise."""
    R = Rapport.Statut
    derniere_decision = Subquery(
        VersionRapport.objects.filter(rapport__obligation=OuterRef("pk"))
        .values("rapport")
        .annotate(le=Max("decide_le"))
        .values("le")[:1]
    )
    return obligations.annotate(
        brouillon_le=Case(
            When(
                statut__in=Obligation.STATUTS_DUS,
                rapport__statut=R.BROUILLON,
                then=F("rapport__modifie_le"),
            ),
            When(
                statut__in=Obligation.STATUTS_DUS,
                rapport__statut=R.A_CORRIGER,
                rapport__modifie_le__gt=derniere_decision,
                then=F("rapport__modifie_le"),
            ),
            default=None,
        )
    )


def renvois_en_cours(*, user) -> QuerySet[Suivi]:
    """The officers' reasons for sending back the reports still to correct, newest first: the
    partner's "messages du BINAM". Internal notes never are among them (a correction's reason
    is always meant for the organisation, a database constraint); the page still asks
    `reddition.voir_commentaire` of each."""
    return (
        Suivi.objects.filter(
            obligation__in=obligations_visibles(user=user).values("pk"),
            obligation__statut=ST.A_CORRIGER,
            action=Suivi.Action.A_CORRIGER,
            interne=False,
        )
        .select_related("obligation", "obligation__subvention")
        .order_by("-le", "-pk")
    )


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
