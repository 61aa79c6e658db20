from django.apps import AppConfig


class NoyauConfig(AppConfig):
    name = "noyau"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import signatures
        from .middleware import debut_de_session

        signatures.installer()

        user_logged_in.connect(debut_de_session, dispatch_uid="noyau.debut_de_session")
