"""What the public directory shows: integration services funded by an active grant.

The rule of "active" is written here once; the page, the JSON and the CSV all read
`services_du_repertoire()`.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from catalogue.models import ServiceIntegration
from subventions.models import ServiceFinance, Subvention

# The agreement is signed (convention signée) or the project is running (en cours). An approved
# grant without a signed agreement may still fall through; a finished (terminée, fermée),
# refused or cancelled one no longer funds anything a newcomer can walk into.
STATUTS_ACTIFS = (Subvention.Statut.CONVENTION_SIGNEE, Subvention.Statut.EN_COURS)


def subventions_actives(*, le: datetime.date | None = None) -> QuerySet[Subvention]:
    """Grants that fund services on day `le` (today by default): agreement signed or in progress,
    and a period that covers that day. A grant without both dates is left out: nobody can say
    the service is running."""
    le = le or timezone.localdate()
    return Subvention.objects.filter(
        statut__in=STATUTS_ACTIFS, date_debut__lte=le, date_fin__gte=le
    )


def services_du_repertoire(*, le: datetime.date | None = None) -> QuerySet[ServiceIntegration]:
    """Active services of active organisations funded by at least one active grant, with what a
    page of cards needs (one query for the rows, one per many-to-many). `Exists()` rather than
    a join, so that a service funded by two grants appears once."""
    finance = ServiceFinance.objects.filter(
        service=OuterRef("pk"), subvention__in=subventions_actives(le=le)
    )
    return (
        ServiceIntegration.objects.filter(actif=True, organisme__actif=True)
        .filter(Exists(finance))
        .select_related("organisme", "rubrique")
        .prefetch_related("statuts_vises", "territoires")
        .order_by("rubrique__ordre", "nom", "pk")
    )


def nombre_par_reference(services: QuerySet[ServiceIntegration], relation: str) -> dict[int, int]:
    """{reference id: how many of `services` it has} over one many-to-many of the services
    ("statuts_vises" or "territoires"), in one grouped query: the directory's choice links say
    how many services each leads to, so that nobody taps into an empty list unawares."""
    champ = getattr(ServiceIntegration, relation).field
    lignes = (
        champ.remote_field.through.objects.filter(
            **{f"{champ.m2m_field_name()}__in": services.order_by().values("pk")}
        )
        .values(champ.m2m_reverse_field_name())
        .annotate(nombre=Count("pk"))
        .order_by()
    )
    return {ligne[champ.m2m_reverse_field_name()]: ligne["nombre"] for ligne in lignes}
