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
            agent=user,
            statut__in=[
                Subvention.Statut.EN_ANALYSE,
                Subvention.Statut.APPROUVEE,
                Subvention.Statut.CONVENTION_SIGNEE,
            ],
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

    An exercice with committed grants but no envelope entered still gets a line (enveloppe 0,
    `sans_enveloppe` True, negative solde): leaving it out would hide committed money.
    Versé stays 0 until instalments (Versement) exist.
    """
    from decimal import Decimal

    zero = Decimal("0")
    engage = engage_par_exercice(programme=programme)
    enveloppes = dict(programme.enveloppes.values_list("exercice", "montant"))
    lignes = []
    for exercice in sorted(set(enveloppes) | set(engage)):
        montant = enveloppes.get(exercice, zero)
        e = engage.get(exercice, zero)
        lignes.append(
            {
                "exercice": exercice,
                "enveloppe": montant,
                "engage": e,
                "verse": zero,
                "solde": montant - e,
                "sans_enveloppe": exercice not in enveloppes,
            }
        )
    return lignes


def apercu_enveloppes(*, subvention, verrouiller=False) -> list[dict]:
    """What approving this grant does to each exercice of its répartition: the programme's
    envelope, what other grants already commit, what is left, and by how much this grant would
    exceed it. The approval itself asks for `verrouiller=True`, which locks the envelope rows
    until its transaction ends, so two approvals cannot both take the last dollars."""
    from decimal import Decimal

    from .models import Enveloppe

    zero = Decimal("0")
    repartition = {r.exercice: r.montant for r in subvention.repartitions.all()}
    enveloppes = Enveloppe.objects.filter(
        programme=subvention.programme, exercice__in=list(repartition)
    )
    if verrouiller:
        enveloppes = enveloppes.select_for_update()
    par_exercice = {e.exercice: e for e in enveloppes}
    engage = engage_par_exercice(
        programme=subvention.programme, exercices=repartition, exclure=subvention
    )
    lignes = []
    for exercice, montant in sorted(repartition.items()):
        objet = par_exercice.get(exercice)
        enveloppe = objet.montant if objet else zero
        disponible = enveloppe - engage.get(exercice, zero)
        lignes.append(
            {
                "exercice": exercice,
                "enveloppe": enveloppe,
                "enveloppe_objet": objet,
                "engage": engage.get(exercice, zero),
                "disponible": disponible,
                "montant": montant,
                "depasse": montant > disponible,
                "depassement": montant - max(disponible, zero),
            }
        )
    return lignes


def total_situation(lignes) -> dict:
    """The totals row under situation_enveloppes(): Σ of each money column."""
    from decimal import Decimal

    colonnes = ("enveloppe", "engage", "verse", "solde")
    return {c: sum((ligne[c] for ligne in lignes), Decimal("0")) for c in colonnes}


def subventions_par_statut(*, programme) -> list[dict]:
    """Number of the programme's grants in each status, lifecycle order, zeros included."""
    from django.db.models import Count

    nombres = dict(
        Subvention.objects.filter(programme=programme)
        .order_by()
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    return [
        {"statut": code, "libelle": libelle, "nombre": nombres.get(code, 0)}
        for code, libelle in Subvention.Statut.choices
    ]


def programmes_pour_liste(*, user):
    """Programmes with their number of grants (staff only; one query whatever the count)."""
    from django.db.models import Count

    from .models import Programme

    if not est_personnel(user):
        return Programme.objects.none()
    return Programme.objects.annotate(nb_subventions=Count("subventions")).order_by("nom", "pk")


def financements_du_service(*, service, user):
    """The grants (visible to `user`) that fund `service`, with target and amount part (read by
    the catalogue's service page: grant visibility is this app's rule)."""
    from .models import ServiceFinance

    return (
        ServiceFinance.objects.filter(
            service=service, subvention__in=subventions_visibles(user=user).values("pk")
        )
        .select_related("subvention", "subvention__organisme", "subvention__programme")
        .order_by("-subvention__numero")
    )
