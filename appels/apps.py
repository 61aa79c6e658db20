from django.apps import AppConfig


class AppelsConfig(AppConfig):
    name = "appels"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions).
        from . import permissions, permissions_conversion, permissions_verification  # noqa: F401
