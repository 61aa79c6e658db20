"""Reads of reporting obligations, scoped to the user through the grants' own scoping."""

import datetime

from django.db.models import Case, F, Max, OuterRef, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.permissions import autorises
from noyau.requetes import parmi
from subventions.selectors import subventions_visibles
from versements.models import Versement

from ..models import Obligation, PieceJointe, Rapport, Suivi, VersionRapport

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


def versions_de(*, user, obligation) -> QuerySet[VersionRapport]:
    """The submitted versions of `obligation`'s report, through the user-scoped obligations."""
    return VersionRapport.objects.filter(
        rapport__obligation__in=obligations_visibles(user=user).filter(pk=obligation.pk)
    ).select_related("soumis_par", "decide_par")


def pieces_de(*, user, obligation) -> QuerySet[PieceJointe]:
    return PieceJointe.objects.filter(
        rapport__obligation__in=obligations_visibles(user=user).filter(pk=obligation.pk)
    )


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
