from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "rapports"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from . import permissions  # noqa: F401
