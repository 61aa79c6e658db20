"""Reads of reporting obligations, scoped to the user through the grants' own scoping."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.requetes import parmi
from referentiel.models import LigneBudgetaire, StatutImmigration
from subventions.selectors import subventions_visibles
from versements.models import Versement

from .models import Obligation, PieceJointe, Rapport, Suivi, VersionRapport

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
    """Reports received and waiting for the officers' review."""
    return obligations_visibles(user=user).filter(statut=ST.SOUMIS)


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


def rapports_visibles(*, user) -> QuerySet[Rapport]:
    return Rapport.objects.filter(
        obligation__in=obligations_visibles(user=user).values("pk")
    ).select_related("obligation", "obligation__subvention")


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


def _pourcentage(part, tout):
    return None if not tout else round(Decimal(part) * 100 / Decimal(tout), 1)


def comparaison_cibles(contenu) -> list[dict]:
    """Reached against targets, per funded service (and reached per status). The one place the
    review compares: targets per status plug in here."""
    return [
        {
            "nom": s["nom"],
            "atteints": s["total"],
            "cible": s["cible"],
            "pourcentage": _pourcentage(s["total"], s["cible"]),
            "par_statut": [(nom, s["nombres"].get(str(pk), 0)) for pk, nom in contenu["statuts"]],
        }
        for s in contenu["services"]
    ]


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

    def cellule(cle, valeur, avant):
        modifie = precedent is not None and avant != valeur
        return {"cle": cle, "valeur": valeur, "avant": avant, "modifie": modifie}

    lignes_grille = [
        {
            "id": s["id"],
            "nom": s["nom"],
            "cible": s["cible"],
            "total": s["total"],
            "pourcentage": _pourcentage(s["total"], s["cible"]),
            "cellules": [
                cellule(
                    f"p_{s['id']}_{pk}",
                    s["nombres"].get(str(pk), 0),
                    avant_p.get((s["id"], str(pk)), 0),
                )
                | {"statut": pk}
                for pk, _nom in contenu["statuts"]
            ],
        }
        for s in contenu["services"]
    ]
    total_depenses = Decimal(contenu["total_depenses"])
    accorde = Decimal(contenu["montant_accorde"])
    return {
        "activites": contenu["activites"],
        "activites_modifiees": precedent is not None
        and precedent["activites"] != contenu["activites"],
        "statuts": contenu["statuts"],
        "grille": lignes_grille,
        "totaux_statuts": [
            contenu["totaux_statuts"].get(str(pk), 0) for pk, _n in contenu["statuts"]
        ],
        "colonnes": [
            (pk, nom, contenu["totaux_statuts"].get(str(pk), 0)) for pk, nom in contenu["statuts"]
        ],
        "total": contenu["total"],
        "depenses": [
            cellule(f"d_{li['id']}", Decimal(li["montant"]), avant_d.get(li["id"], Decimal("0")))
            | {"nom": li["nom"]}
            for li in contenu["lignes"]
        ],
        "total_depenses": total_depenses,
        "montant_accorde": accorde,
        "pourcentage_depense": _pourcentage(total_depenses, accorde),
        "pieces": contenu["pieces"],
        "cibles": comparaison_cibles(contenu),
    }


def obligations_dues(*, user) -> QuerySet[Obligation]:
    """What the organisation still owes: to come, overdue or sent back for correction."""
    return obligations_visibles(user=user).filter(statut__in=Obligation.STATUTS_DUS)


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
