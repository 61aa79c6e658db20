from django.views.generic import TemplateView

from noyau.permissions import PermissionRequiredMixin
from organismes.membres import organisme_de


class PortailAccueilView(PermissionRequiredMixin, TemplateView):
    permission_required = "portail.voir_portail"
    template_name = "portail/accueil.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisme"] = organisme_de(self.request.user)
        return context
