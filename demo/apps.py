from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Données de démonstration"

    def ready(self):
        from noyau.historique import enregistrer_raisons

        # The reason the demo data is saved under (in French, the message id).
        enregistrer_raisons(_("Données de démonstration"))
