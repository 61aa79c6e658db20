"""After a commit that saved or deleted a row the figures read, the pending grants are folded
in at once, so that the next reader finds nothing to do. A write that sends no signal
(`QuerySet.update()`, `bulk_create()`) is still listed by the triggers and folded in by the
next commit that does, or by the next reader."""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .services import cumuls_mettre_a_jour


def _mettre_a_jour():
    # robust=True: a failure here is logged and leaves the grants listed for the next reader;
    # the write itself is committed.
    cumuls_mettre_a_jour()


def _apres_une_ecriture(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures
        return
    # Once per atomic block: a service that saves a grant and its lines folds them once.
    bloc = set(connection.savepoint_ids)
    if not any(f is _mettre_a_jour and s == bloc for s, f, _r in connection.run_on_commit):
        transaction.on_commit(_mettre_a_jour, robust=True)


def connecter():
    from catalogue.models import ServiceIntegration
    from reddition.models import Obligation, Participation, Rapport
    from subventions.models import CibleStatut, Repartition, ServiceFinance, Subvention
    from versements.models import Versement

    for modele in (
        Subvention,
        Repartition,
        ServiceFinance,
        CibleStatut,
        ServiceIntegration,
        Versement,
        Obligation,
        Rapport,
        Participation,
    ):
        for signal in (post_save, post_delete):
            signal.connect(_apres_une_ecriture, sender=modele, dispatch_uid=f"cumuls_{signal}")
