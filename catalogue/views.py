"""The integration services catalogue: list, detail, create, edit (staff only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView

from noyau import historique
from noyau.forms import erreur_de_service
from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from . import selectors, services
from .filters import ServiceFilter
from .forms import ServiceIntegrationForm
from .tables import ServiceTable


class ServiceListeView(PermissionRequiredMixin, ListeView):
    permission_required = "catalogue.voir_services"
    table_class = ServiceTable
    filterset_class = ServiceFilter
    template_name = "catalogue/service_liste.html"
    titre = _("Services d'intégration")
    nom_export = "services"

    def get_queryset(self):
        return selectors.services_visibles(user=self.request.user)


class ServiceDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "catalogue.voir_services"
    template_name = "catalogue/service_detail.html"
    context_object_name = "service"

    def get_permission_object(self):
        # Not an object-level rule; checking it first sends an anonymous visitor to the login
        # page instead of the 404 the (empty) scoped selector would give.
        return None

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.services_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        # The grants that fund the service are subventions' (its rule of who sees a grant): the
        # template asks them of its tag `financements_du_service`, this app comes before it.
        context = super().get_context_data(**kwargs)
        service = self.object
        context["historique"] = historique.entrees(
            service.history.all(),
            connus=[
                service.organisme,
                service.rubrique,
                *service.statuts_vises.all(),
                *service.territoires.all(),
            ],
        )
        return context


class _ServiceFormulaireView(PermissionRequiredMixin, FormView):
    permission_required = "catalogue.gerer_services"
    form_class = ServiceIntegrationForm
    template_name = "catalogue/service_formulaire.html"
    titre = ""
    message = ""

    def enregistrer(self, donnees):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            service = self.enregistrer(form.donnees())
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, self.message)
        return HttpResponseRedirect(service.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["titre"] = self.titre
        return context


class ServiceCreerView(_ServiceFormulaireView):
    titre = _("Nouveau service d'intégration")
    message = _("Le service a été créé.")

    def get_initial(self):
        # ?organisme=<id> from the organisation's page; the form's choices reject a bad id.
        return {**super().get_initial(), "organisme": self.request.GET.get("organisme")}

    def enregistrer(self, donnees):
        return services.service_creer(par=self.request.user, **donnees)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retour"] = reverse("catalogue:service_liste")
        return context


class ServiceModifierView(_ServiceFormulaireView):
    message = _("Le service a été enregistré.")

    @cached_property
    def service(self):
        # Read only after the permission check (dispatch), so an anonymous visitor is sent to
        # the login page and a partner gets 403, never a hint that the service exists.
        return get_object_or_404(
            selectors.services_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.service
        kwargs["organisme_fige"] = self.service.financements.exists()
        return kwargs

    def enregistrer(self, donnees):
        return services.service_modifier(service=self.service, par=self.request.user, **donnees)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["titre"] = _("Modifier « %(service)s »") % {"service": self.service}
        context["retour"] = self.service.get_absolute_url()
        context["service"] = self.service
        return context
