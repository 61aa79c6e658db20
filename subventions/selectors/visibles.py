"""What the user may see of the grants, and the lists built on it (programmes, organisations,
the work queue's grant sections): the only place where a partner's view is narrowed to its own."""

import operator
from functools import reduce

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from comptes.roles import Role, a_role, est_personnel
from noyau.champs import exercice_courant
from noyau.requetes import parmi
from organismes.membres import organisme_de
from organismes.models import Organisme
from organismes.selectors import organismes_visibles

from ..cycle import ETAPES
from ..models import Enveloppe, Programme, Repartition, ServiceFinance, Subvention, ordre_numero
from .argent import ZERO


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
    return subventions_visibles(user=user).filter(organisme=organisme).par_numero(decroissant=True)


def programmes_pour_liste(*, user, exercice=None):
    """Programmes with their number of grants and, for one exercice (by default the one
    containing today), its enveloppe, engagé and solde as the programme page defines them (staff
    only). One query whatever the count: each figure is a correlated subquery, so none can
    multiply another."""
    if not est_personnel(user):
        return Programme.objects.none()
    exercice = exercice or exercice_courant()
    montant = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=montant)
    par_programme = Subvention.objects.filter(programme=OuterRef("pk")).order_by()
    engage = (
        Repartition.objects.engagees()
        .filter(subvention__programme=OuterRef("pk"), exercice=exercice)
        .order_by()
        .values("subvention__programme")
        .annotate(total=Sum("montant"))
        .values("total")
    )
    enveloppe = Enveloppe.objects.filter(programme=OuterRef("pk"), exercice=exercice)
    return Programme.objects.annotate(
        nb_subventions=Coalesce(
            Subquery(par_programme.values("programme").annotate(n=Count("pk")).values("n")),
            Value(0),
        ),
        enveloppe=Coalesce(Subquery(enveloppe.values("montant")[:1], output_field=montant), zero),
        engage=Coalesce(Subquery(engage, output_field=montant), zero),
        solde=ExpressionWrapper(F("enveloppe") - F("engage"), output_field=montant),
    ).order_by("nom", "pk")


def financements_du_service(*, service, user):
    """The grants (visible to `user`) that fund `service`, with target and amount part (read by
    the catalogue's service page: grant visibility is this app's rule)."""
    return (
        parmi(
            ServiceFinance.objects.filter(service=service),
            "subvention",
            subventions_visibles(user=user),
        )
        .select_related("subvention", "subvention__organisme", "subvention__programme")
        .order_by(*ordre_numero("subvention__", decroissant=True))
    )


# --- The work queue's grant sections (reddition/travail.py): each is the rule of the step it
# leads to, on a QuerySet (noyau.regles), so a file is listed exactly when the step would pass.
ETAPES_QUI_FONT_AVANCER = ("recommander", "signer", "demarrer")


def subventions_a_faire_avancer(*, user) -> QuerySet[Subvention]:
    """The user's own files on which they may take the next step now (recommend, sign, start)."""
    siennes = subventions_visibles(user=user).filter(agent=user)
    return reduce(
        operator.or_, (ETAPES[a].regle.filtrer(siennes, user) for a in ETAPES_QUI_FONT_AVANCER)
    )


def subventions_a_approuver(*, user) -> QuerySet[Subvention]:
    """Recommended files this manager may approve (never one they instructed)."""
    return ETAPES["approuver"].regle.filtrer(subventions_visibles(user=user), user)


def organismes_pour_liste(*, user) -> QuerySet[Organisme]:
    """The organisations the user may see, with their grants' figures for the list
    (`nb_subventions`, `total_accorde` of the committed ones), in one query whatever the row count.

    Both figures are correlated subqueries rather than joins: no GROUP BY over every column, and
    a filter on the grants (exercice) cannot multiply them.
    """
    montant = DecimalField(max_digits=14, decimal_places=2)
    par_organisme = (
        Subvention.objects.filter(organisme=OuterRef("pk")).order_by().values("organisme")
    )
    return organismes_visibles(user=user).annotate(
        nb_subventions=Coalesce(
            Subquery(par_organisme.annotate(n=Count("pk")).values("n")), Value(0)
        ),
        total_accorde=Coalesce(
            Subquery(
                par_organisme.filter(statut__in=Subvention.STATUTS_ENGAGES)
                .annotate(total=Sum("montant_accorde"))
                .values("total"),
                output_field=montant,
            ),
            Value(0, output_field=montant),
        ),
    )
