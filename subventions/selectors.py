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


def engage_par_exercice(*, programme, exercices=None, exclure=None) -> dict:
    """Σ répartition of the programme's committed grants, per exercice (Decimal).

    Committed = approved or later (Subvention.STATUTS_ENGAGES); `exclure` leaves out one grant
    (the one being approved).
    """
    from django.db.models import Sum

    from .models import Repartition

    qs = Repartition.objects.filter(
        subvention__programme=programme, subvention__statut__in=Subvention.STATUTS_ENGAGES
    )
    if exercices is not None:
        qs = qs.filter(exercice__in=list(exercices))
    if exclure is not None:
        qs = qs.exclude(subvention=exclure)
    return {
        ligne["exercice"]: ligne["total"]
        for ligne in qs.order_by().values("exercice").annotate(total=Sum("montant"))
    }


def situation_enveloppes(*, programme) -> list[dict]:
    """Per exercice: enveloppe, engagé, versé, solde (what the programme page shows).

    Versé stays 0 until instalments (Versement) exist.
    """
    from decimal import Decimal

    engage = engage_par_exercice(programme=programme)
    lignes = []
    for enveloppe in programme.enveloppes.order_by("exercice"):
        e = engage.get(enveloppe.exercice, Decimal("0"))
        lignes.append(
            {
                "exercice": enveloppe.exercice,
                "enveloppe": enveloppe.montant,
                "engage": e,
                "verse": Decimal("0"),
                "solde": enveloppe.montant - e,
            }
        )
    return lignes
