from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "rapports"

    def ready(self):
        # Registers the dashboard's and the documents' rules with django-rules (asked through
        # noyau.permissions.peut).
        from . import permissions  # noqa: F401
        from .documents import permissions as permissions_documents  # noqa: F401
