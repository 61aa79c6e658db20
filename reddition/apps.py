from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedditionConfig(AppConfig):
    name = "reddition"
    verbose_name = _("Reddition de comptes")

    def ready(self):
        # Registers this app's named rules with django-rules (asked through noyau.permissions.peut).
        from noyau.historique import enregistrer_raisons
        from subventions import cycle
        from versements.services import signature

        from . import permissions  # noqa: F401
        from .selectors import empechements_fermeture
        from .services.obligations import RAISONS, obligations_creer

        enregistrer_raisons(*RAISONS)
        # Signing the agreement (versements) creates the reporting obligations too, in its
        # transaction: that app cannot read this one, so this app tells it.
        signature.ajouter_a_la_signature(obligations_creer)
        # Closing a grant needs the final report accepted and every instalment settled: the
        # grants' lifecycle cannot read this app, so this app tells it.
        cycle.ajouter_condition("fermer", empechements_fermeture)
