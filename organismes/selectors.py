"""Reads scoped to the user: a partner only ever gets its own organisation and its files."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from comptes.roles import Role, a_role, est_personnel, organisme_de

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
    return Document.objects.filter(organisme__in=organismes_visibles(user=user).values("pk"))


def documents_de(*, organisme) -> QuerySet[Document]:
    return organisme.documents.all()


def subventions_de(*, user, organisme) -> QuerySet:
    """The organisation's grants, through the grant selector so that its scoping applies."""
    from subventions.selectors import subventions_visibles

    return subventions_visibles(user=user).filter(organisme=organisme).order_by("-numero")


def montant_verse(*, subventions) -> Decimal:
    # Instalments (Versement) arrive in a later issue; until then nothing has been paid. Keep this
    # the single place to change so the organisation page and its exports agree.
    return Decimal("0")


def totaux_subventions(*, subventions) -> dict:
    """Σ accordé over committed grants only (approved or later), as the organisation list shows;
    a grant still in analysis or refused has committed nothing."""
    from subventions.models import Subvention

    accorde = (
        subventions.filter(statut__in=Subvention.STATUTS_ENGAGES)
        .order_by()
        .aggregate(total=Sum("montant_accorde"))["total"]
    )
    return {
        "accorde": accorde or Decimal("0"),
        "verse": montant_verse(subventions=subventions),
    }
