"""Reads scoped to the user: the only place where a partner's view is narrowed to its own, and
the one place where each grant figure (engagé, totals) is computed."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from comptes.roles import Role, a_role, est_personnel
from organismes.membres import organisme_de

from .models import (
    Enveloppe,
    Programme,
    Repartition,
    ServiceFinance,
    Subvention,
)

ZERO = Decimal("0")


def subventions_visibles(*, user) -> QuerySet[Subvention]:
    qs = Subvention.objects.select_related("organisme", "programme", "agent")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE):
        organisme = organisme_de(user)
        if organisme is not None:
            return qs.filter(organisme=organisme)
    return qs.none()


def subventions_de_organisme(*, user, organisme) -> QuerySet[Subvention]:
    """The organisation's grants, through the scoped selector so that its scoping applies."""
    return subventions_visibles(user=user).filter(organisme=organisme).order_by("-numero")


def montant_verse(*, subventions) -> Decimal:
    # Instalments (Versement) arrive with the payments app; until then nothing has been paid.
    # This is the single place to change so every page and export agrees.
    return ZERO


def totaux_subventions(*, subventions, exercice=None) -> dict:
    """What a list of grants adds up to: how many, Σ accordé as the column shows it (every
    status), what is actually committed (approved or later), what was paid, and for one
    exercice that year's committed share. Re-selected by primary key so that a filter joining a
    multi-valued relation can never count a grant twice."""
    uniques = Subvention.objects.filter(pk__in=subventions.values("pk")).order_by()
    engagees = Q(statut__in=Subvention.STATUTS_ENGAGES)
    agregat = uniques.aggregate(
        nombre=Count("pk"),
        montant=Sum("montant_accorde"),
        engage=Sum("montant_accorde", filter=engagees),
    )
    totaux = {
        "nombre": agregat["nombre"],
        "montant": agregat["montant"] or ZERO,
        "engage": agregat["engage"] or ZERO,
        "verse": montant_verse(subventions=uniques),
    }
    if exercice:
        totaux["exercice"] = exercice
        totaux["engage_exercice"] = (
            Repartition.objects.filter(
                subvention__in=uniques.filter(engagees), exercice=exercice
            ).aggregate(total=Sum("montant"))["total"]
            or ZERO
        )
    return totaux


def engage_par_exercice(*, programme, exercices=None, exclure=None) -> dict:
    """Σ répartition of the programme's committed grants, per exercice (Decimal).

    Committed = approved or later (Subvention.STATUTS_ENGAGES); `exclure` leaves out one grant
    (the one being approved).
    """
    qs = Repartition.objects.engagees().filter(subvention__programme=programme)
    if exercices is not None:
        qs = qs.filter(exercice__in=list(exercices))
    if exclure is not None:
        qs = qs.exclude(subvention=exclure)
    return qs.total_par_exercice()


def situation_enveloppes(*, programme) -> list[dict]:
    """Per exercice: enveloppe, engagé, versé, solde (what the programme page shows).

    An exercice with committed grants but no envelope entered still gets a line (enveloppe 0,
    `sans_enveloppe` True, negative solde): leaving it out would hide committed money.
    Versé stays 0 until instalments (Versement) exist.
    """
    zero = ZERO
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
    zero = ZERO
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
    colonnes = ("enveloppe", "engage", "verse", "solde")
    return {c: sum((ligne[c] for ligne in lignes), ZERO) for c in colonnes}


def subventions_par_statut(*, programme) -> list[dict]:
    """Number of the programme's grants in each status, lifecycle order, zeros included."""
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
    if not est_personnel(user):
        return Programme.objects.none()
    return Programme.objects.annotate(nb_subventions=Count("subventions")).order_by("nom", "pk")


def financements_du_service(*, service, user):
    """The grants (visible to `user`) that fund `service`, with target and amount part (read by
    the catalogue's service page: grant visibility is this app's rule)."""
    return (
        ServiceFinance.objects.filter(
            service=service, subvention__in=subventions_visibles(user=user).values("pk")
        )
        .select_related("subvention", "subvention__organisme", "subvention__programme")
        .order_by("-subvention__numero")
    )
