from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VersementsConfig(AppConfig):
    name = "versements"
    verbose_name = _("Versements")

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from noyau.historique import enregistrer_raisons

        from . import permissions  # noqa: F401
        from .services import echeancier, modifications, paiements

        enregistrer_raisons(*echeancier.RAISONS, *paiements.RAISONS, *modifications.RAISONS)
