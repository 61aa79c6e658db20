from django.apps import AppConfig


class AppelsConfig(AppConfig):
    name = "appels"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions).
        from . import (  # noqa: F401
            permissions,
            permissions_comite,
            permissions_conversion,
            permissions_verification,
        )
