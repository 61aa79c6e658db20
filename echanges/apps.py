from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EchangesConfig(AppConfig):
    name = "echanges"
    verbose_name = _("Échanges de données")

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from . import permissions  # noqa: F401
