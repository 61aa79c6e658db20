from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "rapports"
