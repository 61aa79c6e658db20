from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismesConfig(AppConfig):
    name = "organismes"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from noyau.historique import enregistrer_raisons

        from . import permissions  # noqa: F401

        # The reason organismes.services saves when a new main contact takes over.
        enregistrer_raisons(_("Remplacé comme contact principal par %(nom)s"))
        # organismes.inscription and organismes.services.organisme_verifier.
        enregistrer_raisons(_("Inscription en ligne"), _("Organisme vérifié par un agent"))
