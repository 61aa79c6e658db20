from django.apps import AppConfig


class SubventionsConfig(AppConfig):
    name = "subventions"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from . import permissions  # noqa: F401
