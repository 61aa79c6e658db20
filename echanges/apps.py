from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EchangesConfig(AppConfig):
    name = "echanges"
    verbose_name = _("Échanges de données")

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from . import permissions  # noqa: F401
        from .importation import permissions as importation  # noqa: F401
        from .repertoire import cache

        # A cache invalidation, not a business step: any edit to what the public directory
        # shows makes its cached pages and files stale at once.
        cache.brancher()
