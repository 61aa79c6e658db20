from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubventionsConfig(AppConfig):
    name = "subventions"

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from noyau.historique import enregistrer_raisons

        from . import permissions  # noqa: F401
        from .avenants import RAISON_AVENANT
        from .cycle import ETAPES

        # A lifecycle step is saved as the change reason under its label.
        enregistrer_raisons(*(etape.libelle for etape in ETAPES.values()))
        # Labels the steps had before they were renamed, still found in older history rows.
        enregistrer_raisons(_("Convention signée"), _("Annuler"))
        enregistrer_raisons(RAISON_AVENANT)
