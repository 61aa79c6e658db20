"""A call's dashboard, for those who run calls (the ranking's rule)."""

from django.views.generic import TemplateView

from ..selectors.tableau import tableau_de_bord
from .gestion import AppelObjetMixin


class TableauAppelView(AppelObjetMixin, TemplateView):
    template_name = "appels/tableau.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(t=tableau_de_bord(appel=self.get_appel()), **kwargs)
