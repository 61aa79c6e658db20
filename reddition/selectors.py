"""Reads of reporting obligations, scoped to the user through the grants' own scoping."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from subventions.selectors import subventions_visibles
from versements.models import Versement

from .models import Obligation, Suivi

ST = Obligation.Statut
V = Versement.Statut
# The staff's horizon: what falls due within this many days is shown as coming.
HORIZON_JOURS = 30


def obligations_visibles(*, user) -> QuerySet[Obligation]:
    """Obligations of the grants `user` may see, with `etat` (en retard computed today) and what
    a table shows."""
    return (
        Obligation.objects.filter(subvention__in=subventions_visibles(user=user).values("pk"))
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
