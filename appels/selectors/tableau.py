"""A call's dashboard: its applications by state, the amount requested against the budget and
against what the deliberation retained, and what the submitted applications propose by
rubrique, by immigration status and by territory.

A handful of grouped queries, the same number at 3 applications as at 500. "Submitted" means
submitted and beyond (Demande.ETATS_DEPOSES): a draft is work in progress, a withdrawn
application is no longer asked for."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from noyau.formats import pourcentage
from referentiel.models import en_anglais

from ..models import CibleDemande, Demande, DemandeService
from .comite import decisions

ZERO = Decimal(0)


def _par_etat(appel) -> list[dict]:
    lignes = {
        r["etat"]: r
        for r in Demande.objects.filter(appel=appel)
        .values("etat")
        .annotate(nombre=Count("pk"), montant=Sum("montant_demande"))
        .order_by()
    }
    return [
        {
            "etat": etat,
            "libelle": libelle,
            "nombre": lignes.get(etat, {}).get("nombre", 0),
            "montant": lignes.get(etat, {}).get("montant") or ZERO,
        }
        for etat, libelle in Demande.Etat.choices
    ]


def _par_rubrique(deposees) -> list[dict]:
    """Per rubrique: the applications that propose it, their services, the participants they
    aim at, and the amount those applications request (an application proposing two rubriques
    counts in both: the column is not to be added up)."""
    services = (
        DemandeService.objects.filter(demande__in=deposees)
        .values("rubrique_id", "rubrique__nom", "rubrique__nom_en", "rubrique__ordre")
        .annotate(
            services=Count("pk", distinct=True), participants=Sum("cibles__participants_cibles")
        )
        .order_by("rubrique__ordre", "rubrique__nom")
    )
    # One row per (application, rubrique): the amount of each application once per rubrique.
    paires = (
        DemandeService.objects.filter(demande__in=deposees)
        .values_list("rubrique_id", "demande_id", "demande__montant_demande")
        .distinct()
        .order_by()
    )
    demandes, montants = defaultdict(int), defaultdict(lambda: ZERO)
    for rubrique, _demande, montant in paires:
        demandes[rubrique] += 1
        montants[rubrique] += montant or ZERO
    return [
        {
            "nom": _nom(r, "rubrique"),
            "demandes": demandes[r["rubrique_id"]],
            "services": r["services"],
            "participants": r["participants"] or 0,
            "montant": montants[r["rubrique_id"]],
        }
        for r in services
    ]


def _par_statut(deposees) -> list[dict]:
    """Per immigration status: the participants aimed at (the targets summed over every
    proposed service) and the applications that aim at that status."""
    return [
        {
            "nom": _nom(r, "statut"),
            "demandes": r["demandes"],
            "participants": r["participants"] or 0,
        }
        for r in CibleDemande.objects.filter(service__demande__in=deposees)
        .values("statut_id", "statut__nom", "statut__nom_en", "statut__ordre")
        .annotate(
            demandes=Count("service__demande", distinct=True),
            participants=Sum("participants_cibles"),
        )
        .order_by("statut__ordre", "statut__nom")
    ]


def _par_territoire(deposees, prioritaires) -> list[dict]:
    """Per territory served: the applications and services that serve it, the call's priority
    territories marked."""
    Lien = DemandeService.territoires.through
    return [
        {
            "nom": _nom(r, "territoire"),
            "prioritaire": r["territoire_id"] in prioritaires,
            "demandes": r["demandes"],
            "services": r["services"],
        }
        for r in Lien.objects.filter(demandeservice__demande__in=deposees)
        .values("territoire_id", "territoire__nom", "territoire__nom_en", "territoire__type")
        .annotate(
            demandes=Count("demandeservice__demande", distinct=True),
            services=Count("demandeservice", distinct=True),
        )
        .order_by("territoire__type", "territoire__nom")
    ]


def _nom(rangee, champ) -> str:
    """A reference's name in the active language, as `Reference.nom_affiche` gives it."""
    return (en_anglais() and rangee[f"{champ}__nom_en"]) or rangee[f"{champ}__nom"]


def _deposees(appel):
    return Demande.objects.filter(appel=appel, etat__in=Demande.ETATS_DEPOSES)


def _decisions(deposees) -> dict:
    return decisions(deposees.filter(recommandation__isnull=False).select_related("recommandation"))


def retenu(*, appel):
    """What the call's retained applications are recommended, as its dashboard counts it."""
    return _decisions(_deposees(appel))["retenue"]["montant"]


def tableau_de_bord(*, appel) -> dict:
    """The dashboard's figures. Seven queries whatever the number of applications."""
    par_etat = _par_etat(appel)
    deposes = {str(e) for e in Demande.ETATS_DEPOSES}
    deposees_lignes = [e for e in par_etat if e["etat"] in deposes]
    demande = sum((e["montant"] for e in deposees_lignes), ZERO)
    deposees = _deposees(appel)
    par_decision = _decisions(deposees)
    retenu = par_decision["retenue"]["montant"]
    prioritaires = set(appel.territoires_prioritaires.values_list("pk", flat=True))
    return {
        "par_etat": par_etat,
        "nb_demandes": sum(e["nombre"] for e in par_etat),
        "total_toutes": sum((e["montant"] for e in par_etat), ZERO),
        "nb_deposees": sum(e["nombre"] for e in deposees_lignes),
        "demande": demande,
        "budget": appel.budget,
        "part_demandee": pourcentage(demande, appel.budget),
        "retenu": retenu,
        "nb_retenues": par_decision["retenue"]["nombre"],
        "part_retenue": pourcentage(retenu, appel.budget),
        "solde": appel.budget - retenu,
        "decisions": par_decision,
        "par_rubrique": _par_rubrique(deposees),
        "par_statut": _par_statut(deposees),
        "par_territoire": _par_territoire(deposees, prioritaires),
    }
