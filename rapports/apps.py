from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "rapports"

    def ready(self):
        # Registers the documents' rules with django-rules (asked through noyau.permissions.peut).
        from .documents import permissions  # noqa: F401
