from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"

    def ready(self):
        # django-rules autodiscovers only `rules.py`; the predicates live in permissions.py.
        from . import permissions  # noqa: F401
