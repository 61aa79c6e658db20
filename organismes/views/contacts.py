from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from noyau.forms import erreur_de_service

from .. import selectors, services
from ..forms import ContactForm
from .base import AccesOrganismeMixin


class ContactMixin(AccesOrganismeMixin):
    permission_required = "organismes.gerer_contacts"

    def get_contact(self):
        if not hasattr(self, "_contact"):
            # Looked up among the (already scoped) organisation's contacts only.
            self._contact = get_object_or_404(
                selectors.contacts_de(organisme=self.get_organisme()), pk=self.kwargs["cpk"]
            )
        return self._contact

    def retour(self):
        return redirect(self.get_organisme().get_absolute_url() + "#contacts")


class ContactAjouterView(ContactMixin, FormView):
    form_class = ContactForm
    template_name = "organismes/contact_formulaire.html"

    def form_valid(self, form):
        try:
            contact = services.contact_ajouter(
                organisme=self.get_organisme(), par=self.request.user, **form.cleaned_data
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("Le contact « %s » a été ajouté.") % contact)
        return self.retour()


class ContactModifierView(ContactMixin, FormView):
    form_class = ContactForm
    template_name = "organismes/contact_formulaire.html"

    def get_permission_object(self):
        self.get_contact()  # a contact of another organisation is a 404, not a 403
        return super().get_permission_object()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_contact()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.get_contact(), **kwargs)

    def form_valid(self, form):
        try:
            contact = services.contact_modifier(
                contact=self.get_contact(), par=self.request.user, **form.cleaned_data
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("Le contact « %s » a été modifié.") % contact)
        return self.retour()


class ContactSupprimerView(ContactMixin, TemplateView):
    template_name = "organismes/contact_supprimer.html"

    def get_permission_object(self):
        self.get_contact()
        return super().get_permission_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.get_contact(), **kwargs)

    def post(self, request, *args, **kwargs):
        contact = self.get_contact()
        nom = str(contact)
        services.contact_supprimer(contact=contact, par=request.user)
        messages.success(request, _("Le contact « %s » a été supprimé.") % nom)
        return self.retour()
