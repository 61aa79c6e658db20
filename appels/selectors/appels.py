"""Reads of calls for projects, scoped to who asks."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from comptes.roles import Role
from noyau.permissions import peut

from ..models import AppelDeProjets, Demande


def appels_geres(*, user) -> QuerySet[AppelDeProjets]:
    """The staff list and pages: every call, for those who run them (none for anyone else)."""
    if not peut(user, "appels.voir_gestion"):
        return AppelDeProjets.objects.none()
    return (
        AppelDeProjets.objects.select_related("programme")
        .avec_etat_effectif()
        .annotate(
            nb_demandes=Count(
                "demandes", filter=Q(demandes__etat__in=Demande.ETATS_DEPOSES), distinct=True
            )
        )
    )


def appels_publics() -> QuerySet[AppelDeProjets]:
    """Any visitor's: published calls, open or upcoming, soonest closing first."""
    return AppelDeProjets.objects.publics().select_related("programme").order_by("cloture", "pk")


def appel_public(*, pk) -> AppelDeProjets:
    """One call as the public sees it: published or decided (a draft is not found)."""
    return (
        AppelDeProjets.objects.exclude(etat=AppelDeProjets.Etat.BROUILLON)
        .select_related("programme")
        .prefetch_related("rubriques", "statuts", "territoires_prioritaires")
        .get(pk=pk)
    )


def fiche_appel(appel) -> dict:
    """What a call's pages show: its lines and targets, read once."""
    return {
        "criteres": list(appel.criteres.all()),
        "regles": list(appel.regles.all()),
        "documents": list(appel.documents_requis.all()),
        "rubriques": list(appel.rubriques.all()),
        "statuts": list(appel.statuts.all()),
        "territoires": list(appel.territoires_prioritaires.all()),
    }


def evaluateurs_possibles(*, appel):
    """Accounts holding the évaluateur role, not yet on this call's committee."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.EVALUATEUR)
        .exclude(affectations_evaluation__appel=appel)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def comite_de(*, appel):
    return appel.evaluateurs.select_related("user")
