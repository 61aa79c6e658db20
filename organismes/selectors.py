"""Reads scoped to the user: a partner only ever gets its own organisation and its files."""

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from comptes.roles import Role, a_role, est_personnel
from noyau.requetes import parmi

from .membres import organisme_de
from .models import Document, Organisme


def organismes_visibles(*, user) -> QuerySet[Organisme]:
    qs = Organisme.objects.select_related("arrondissement")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE) and organisme_de(user) is not None:
        return qs.filter(pk=organisme_de(user).pk)
    return qs.none()


def organismes_pour_liste(*, user) -> QuerySet[Organisme]:
    """Organisations with the figures the list shows, in one query whatever the row count.

    Both figures are correlated subqueries rather than joins: no GROUP BY over every column, and
    a filter that joins the grants (exercice) cannot multiply them.
    """
    from subventions.models import Subvention

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


def contacts_de(*, organisme) -> QuerySet:
    """Principal contact first (the model's ordering), then by name."""
    return organisme.contacts.all()


def documents_visibles(*, user) -> QuerySet[Document]:
    """Documents of the organisations the user may see: a partner gets its own only."""
    return parmi(Document.objects.all(), "organisme", organismes_visibles(user=user))


def documents_de(*, organisme) -> QuerySet[Document]:
    return organisme.documents.all()
