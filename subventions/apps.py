from django.apps import AppConfig


class SubventionsConfig(AppConfig):
    name = "subventions"
