"""The partner's home: its organisation, grants, obligations, instalments and the BINAM's
messages, each table from the user-scoped selector of its app and paginated on its own."""

from django.views.generic import TemplateView

from appels.selectors import appels
from appels.selectors import demandes as demandes_appels
from organismes import selectors as organismes
from reddition import selectors as reddition
from subventions import selectors as subventions
from versements import selectors as versements
from versements.models import Versement

from ..tables import (
    MessageTable,
    ObligationPortailTable,
    SubventionPortailTable,
    VersementPortailTable,
)
from .base import PortailMixin


class PortailAccueilView(PortailMixin, TemplateView):
    permission_required = "portail.voir_portail"
    template_name = "portail/accueil.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        organisme = self.get_organisme()
        demandes = list(demandes_appels.demandes_de_l_organisme(user=user))
        return super().get_context_data(
            demandes_appels=demandes,
            appels_ouverts=list(appels.appels_publics()),
            appels_deja={d.appel_id for d in demandes},
            contact=organismes.contacts_de(organisme=organisme).filter(principal=True).first(),
            subventions=self.tableau(
                SubventionPortailTable,
                subventions.subventions_de_organisme(user=user, organisme=organisme),
                "subventions-",
            ),
            obligations=self.tableau(
                ObligationPortailTable,
                reddition.obligations_dues(user=user),
                "obligations-",
            ),
            versements=self.tableau(
                VersementPortailTable,
                versements.versements_visibles(user=user).exclude(statut=Versement.Statut.ANNULE),
                "versements-",
            ),
            messages_binam=self.tableau(
                MessageTable,
                reddition.renvois_en_cours(user=user),
                "messages-",
            ),
            **kwargs,
        )
