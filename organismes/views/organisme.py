import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.generic import FormView, TemplateView

from noyau.forms import erreur_de_service
from noyau.permissions import PermissionRequiredMixin, peut

from .. import selectors, services
from ..forms import OrganismeForm
from ..historique import historique_organisme
from .base import AccesOrganismeMixin


class OrganismeDetailView(AccesOrganismeMixin, TemplateView):
    permission_required = "organismes.voir_organisme"
    template_name = "organismes/detail.html"

    def get_context_data(self, **kwargs):
        organisme = self.get_organisme()
        user = self.request.user
        return super().get_context_data(
            contacts=selectors.contacts_de(organisme=organisme),
            documents=selectors.documents_de(organisme=organisme),
            versions=selectors.versions_remplacees(organisme=organisme),
            modifie_par_organisme_le=selectors.modifie_par_l_organisme_le(organisme=organisme),
            territoires=organisme.territoires_desservis.all(),
            peut_modifier=peut(user, "organismes.modifier_organisme", organisme),
            peut_gerer_contacts=peut(user, "organismes.gerer_contacts", organisme),
            peut_gerer_documents=peut(user, "organismes.gerer_documents", organisme),
            peut_voir_historique=peut(user, "organismes.voir_historique", organisme),
            peut_verifier=peut(user, "organismes.verifier_organisme", organisme),
            **kwargs,
        )


class OrganismeHistoriqueView(AccesOrganismeMixin, TemplateView):
    permission_required = "organismes.voir_historique"
    template_name = "organismes/historique.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entrees=historique_organisme(organisme=self.get_organisme()), **kwargs
        )


class NeqEnDoubleMixin:
    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "voit_organisme": lambda o: peut(user, "organismes.voir_organisme", o),
        }


class OrganismeCreerView(LoginRequiredMixin, PermissionRequiredMixin, NeqEnDoubleMixin, FormView):
    permission_required = "organismes.creer_organisme"
    form_class = OrganismeForm
    template_name = "organismes/organisme_formulaire.html"

    def form_valid(self, form):
        try:
            organisme = services.organisme_creer(par=self.request.user, **form.donnees())
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, gettext("L'organisme « %s » a été créé.") % organisme)
        return redirect(organisme)


class OrganismeModifierView(AccesOrganismeMixin, NeqEnDoubleMixin, FormView):
    permission_required = "organismes.modifier_organisme"
    form_class = OrganismeForm
    template_name = "organismes/organisme_formulaire.html"

    def get_form_kwargs(self):
        # A copy: the form writes the submitted values on its instance, and the page title must
        # keep showing the saved name when the form comes back with errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.get_organisme())}

    def form_valid(self, form):
        try:
            organisme = services.organisme_modifier(
                organisme=self.get_organisme(),
                par=self.request.user,
                version=form.cleaned_data.get("version"),
                **form.donnees(),
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Les modifications ont été enregistrées."))
        return redirect(organisme)
