from comptes.roles import est_personnel

from ..models import Importation


def importations_visibles(*, user):
    """Staff read every import (who brought which file in); nobody else any."""
    qs = Importation.objects.select_related("par")
    return qs if est_personnel(user) else qs.none()
