from django.views.generic import TemplateView

from comptes.roles import organisme_de
from noyau.permissions import PermissionRequiredMixin


class PortailAccueilView(PermissionRequiredMixin, TemplateView):
    permission_required = "comptes.voir_portail"
    template_name = "portail/accueil.html"

    def get_context_data(self, **kwargs):
        from subventions.selectors import subventions_visibles

        context = super().get_context_data(**kwargs)
        organisme = organisme_de(self.request.user)
        context["organisme"] = organisme
        context["subventions"] = subventions_visibles(user=self.request.user).select_related(
            "programme"
        )
        return context
