from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from . import selectors
from .filters import ChangementRoleFilter
from .roles import Role, a_role, est_personnel
from .tables import ChangementRoleTable


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True


class AccueilView(LoginRequiredMixin, View):
    """Each role lands on its own home page (by URL name: the pages belong to later apps)."""

    def get(self, request):
        if est_personnel(request.user):
            return redirect("file_travail")
        if a_role(request.user, Role.PARTENAIRE):
            return redirect("portail:accueil")
        return redirect("sans_role")


class SansRoleView(LoginRequiredMixin, TemplateView):
    template_name = "comptes/sans_role.html"


class JournalRolesView(PermissionRequiredMixin, ListeView):
    """Who gave which role to whom, and when: managers check the separation of duties."""

    permission_required = "comptes.voir_journal_roles"
    table_class = ChangementRoleTable
    filterset_class = ChangementRoleFilter
    titre = _("Journal des rôles")
    nom_export = "journal-roles"

    def get_queryset(self):
        return selectors.changements_roles()
