from django.apps import AppConfig


class SubventionsConfig(AppConfig):
    name = "subventions"

    def ready(self):
        from noyau.historique import enregistrer_raisons

        from .cycle import ETAPES

        # A lifecycle step is saved as the change reason under its label.
        enregistrer_raisons(*(etape.libelle for etape in ETAPES.values()))
