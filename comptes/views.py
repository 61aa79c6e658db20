from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from noyau.permissions import PermissionRequiredMixin

from .roles import Role, a_role, est_personnel


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True


class AccueilView(LoginRequiredMixin, View):
    """Each role lands on its own home page."""

    def get(self, request):
        if est_personnel(request.user):
            return redirect("file_travail")
        if a_role(request.user, Role.PARTENAIRE):
            return redirect("portail:accueil")
        return redirect("sans_role")


class SansRoleView(LoginRequiredMixin, TemplateView):
    template_name = "comptes/sans_role.html"


class FileTravailView(PermissionRequiredMixin, TemplateView):
    permission_required = "comptes.voir_file_travail"
    template_name = "comptes/file_travail.html"

    def get_context_data(self, **kwargs):
        from subventions.selectors import file_travail

        context = super().get_context_data(**kwargs)
        context.update(file_travail(user=self.request.user))
        return context
