"""Builders shared by the public directory's tests: a service funded by a grant running today."""

import datetime

from django.utils import timezone

from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.models import Subvention
from tests.factories import OrganismeFactory, ServiceFactory, ServiceFinanceFactory

EN_COURS = Subvention.Statut.EN_COURS


def reference(modele, code):
    return modele.objects.get(code=code)


def service_finance(
    *,
    statut=EN_COURS,
    debut=-30,
    fin=30,
    organisme=None,
    statuts=("demandeur-asile",),
    territoires=("montreal-nord",),
    rubrique="sinstaller-se-loger",
    **champs,
):
    """A service of `organisme` (a new one by default) funded by a grant in `statut` whose
    period runs from today + `debut` days to today + `fin` days."""
    aujourd_hui = timezone.localdate()
    service = ServiceFactory(
        organisme=organisme or OrganismeFactory(),
        rubrique=reference(Rubrique, rubrique),
        statuts_vises=[reference(StatutImmigration, c) for c in statuts],
        **champs,
    )
    service.territoires.set([reference(Territoire, c) for c in territoires])
    ServiceFinanceFactory(
        service=service,
        subvention__organisme=service.organisme,
        subvention__statut=statut,
        subvention__date_debut=aujourd_hui + datetime.timedelta(days=debut),
        subvention__date_fin=aujourd_hui + datetime.timedelta(days=fin),
    )
    return service
