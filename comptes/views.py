from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from . import limites, selectors
from .filters import ChangementRoleFilter
from .roles import Role, a_role, est_personnel
from .tables import ChangementRoleTable

FENETRE_REINITIALISATION = 3600  # seconds


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True


class ReinitialisationView(auth_views.PasswordResetView):
    """ "Mot de passe oublié", throttled: at most REINITIALISATIONS_PAR_ADRESSE requests from
    one address and REINITIALISATIONS_PAR_COURRIEL for one e-mail per hour, whether or not an
    account has that e-mail (the answer says nothing about accounts either way)."""

    template_name = "registration/reinitialisation.html"
    email_template_name = "registration/reinitialisation_courriel.txt"
    subject_template_name = "registration/reinitialisation_sujet.txt"
    success_url = reverse_lazy("reinitialisation_envoyee")

    def form_valid(self, form):
        # The link starts with ADRESSE_DU_SITE, like every other email's (noyau.courriels.lien),
        # never with the request's Host header: a forged Host would otherwise put a reset link
        # to another site in a real user's mailbox, with only ALLOWED_HOSTS in the way.
        self.extra_email_context = {"adresse_du_site": settings.ADRESSE_DU_SITE.rstrip("/")}
        self.domain_override = urlsplit(settings.ADRESSE_DU_SITE).netloc
        # Both counted on every request, so that one limit reached still counts the other.
        trop = [
            limites.depasse(
                "reinitialisation-adresse",
                limites.adresse_client(self.request),
                limite=settings.REINITIALISATIONS_PAR_ADRESSE,
                fenetre=FENETRE_REINITIALISATION,
            ),
            limites.depasse(
                "reinitialisation-courriel",
                form.cleaned_data["email"],
                limite=settings.REINITIALISATIONS_PAR_COURRIEL,
                fenetre=FENETRE_REINITIALISATION,
            ),
        ]
        if any(trop):
            form.add_error(
                None,
                _(
                    "Trop de demandes de réinitialisation en peu de temps. Réessayez dans une "
                    "heure, ou écrivez au BINAM si le courriel n'arrive pas."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class AccueilView(LoginRequiredMixin, View):
    """Each role lands on its own home page (by URL name: the pages belong to later apps)."""

    def get(self, request):
        if est_personnel(request.user):
            return redirect("file_travail")
        if a_role(request.user, Role.PARTENAIRE):
            return redirect("portail:accueil")
        if a_role(request.user, Role.EVALUATEUR):
            return redirect("appels:evaluation_accueil")
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
