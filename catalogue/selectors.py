"""Reads of the integration services catalogue, scoped to the user.

The grants that fund a service are read by `subventions.selectors.financements_du_service`:
grant visibility is subventions' rule, and this app comes before subventions.
"""

from django.db.models import Q, QuerySet

from comptes.roles import est_personnel

from .models import ServiceIntegration


def services_visibles(*, user) -> QuerySet[ServiceIntegration]:
    """The integration services catalogue, as the staff list and detail need it."""
    if not est_personnel(user):
        return ServiceIntegration.objects.none()
    return ServiceIntegration.objects.select_related("organisme", "rubrique").prefetch_related(
        "statuts_vises", "territoires"
    )


def services_financables(*, organisme, deja_finances=()) -> QuerySet[ServiceIntegration]:
    """The grant form's choices: the organisation's active services, and those the grant
    already funds even if deactivated since (so that the grant stays editable)."""
    return (
        ServiceIntegration.objects.filter(organisme=organisme)
        .filter(Q(actif=True) | Q(pk__in=list(deja_finances)))
        .only("pk", "nom", "actif")
        .order_by("nom", "pk")
    )


# An organisation offers a handful of services; the page shows at most this many and links to
# the filtered catalogue for the rest, so that its queries stay bounded.
SERVICES_PAR_ORGANISME = 50


def services_de_organisme(*, user, organisme) -> QuerySet[ServiceIntegration]:
    """An organisation's services for its page: active ones first, three queries in all."""
    return (
        services_visibles(user=user)
        .filter(organisme=organisme)
        .prefetch_related(None)
        .prefetch_related("statuts_vises")
        .order_by("-actif", "nom", "pk")
    )
