from django.apps import AppConfig


class NoyauConfig(AppConfig):
    name = "noyau"
