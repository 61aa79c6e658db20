from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "portail"
