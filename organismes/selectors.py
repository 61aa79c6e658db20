from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from comptes.roles import Role, a_role, est_personnel, organisme_de

from .models import Organisme


def organismes_visibles(*, user) -> QuerySet[Organisme]:
    qs = Organisme.objects.select_related("arrondissement")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE) and organisme_de(user) is not None:
        return qs.filter(pk=organisme_de(user).pk)
    return qs.none()


def organismes_pour_liste(*, user) -> QuerySet[Organisme]:
    """Organisations with the figures the list shows (one query, whatever the row count)."""
    from subventions.models import Subvention

    engages = Subvention.STATUTS_ENGAGES
    return organismes_visibles(user=user).annotate(
        nb_subventions=Count("subventions", distinct=True),
        total_accorde=Coalesce(
            Subquery(
                Subvention.objects.filter(organisme=OuterRef("pk"), statut__in=engages)
                .order_by()
                .values("organisme")
                .annotate(total=Sum("montant_accorde"))
                .values("total"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            Value(0, output_field=DecimalField(max_digits=14, decimal_places=2)),
        ),
    )
