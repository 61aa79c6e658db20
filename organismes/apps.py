from django.apps import AppConfig


class OrganismesConfig(AppConfig):
    name = "organismes"
