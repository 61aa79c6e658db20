from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismesConfig(AppConfig):
    name = "organismes"

    def ready(self):
        from noyau.historique import enregistrer_raisons

        # The reason organismes.services saves when a new main contact takes over.
        enregistrer_raisons(_("Remplacé comme contact principal par %(nom)s"))
