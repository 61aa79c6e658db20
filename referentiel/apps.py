from django.apps import AppConfig


class ReferentielConfig(AppConfig):
    name = "referentiel"
