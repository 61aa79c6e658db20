"""Reads scoped to the user: the only place where a partner's view is narrowed to its own."""

from django.db.models import QuerySet

from comptes.roles import Role, a_role, est_personnel, organisme_de

from .models import Subvention


def subventions_visibles(*, user) -> QuerySet[Subvention]:
    qs = Subvention.objects.select_related("organisme", "programme", "agent")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE):
        organisme = organisme_de(user)
        if organisme is not None:
            return qs.filter(organisme=organisme)
    return qs.none()


def file_travail(*, user) -> dict:
    """What the staff home shows: the grants waiting on this user."""
    qs = subventions_visibles(user=user)
    context = {}
    if a_role(user, Role.AGENT):
        context["mes_subventions"] = qs.filter(
            agent=user, statut__in=[Subvention.Statut.EN_ANALYSE, Subvention.Statut.APPROUVEE]
        ).order_by("statut", "numero")[:50]
    if a_role(user, Role.GESTIONNAIRE):
        context["a_approuver"] = qs.filter(statut=Subvention.Statut.RECOMMANDEE).order_by("numero")[
            :50
        ]
    return context
