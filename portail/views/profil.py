"""The partner's profile: its organisation's contact details, contacts and documents.

The organisation is always the user's own (PortailMixin); a contact or a document is looked up
among that organisation's only, so another organisation's id is a 404 and its POST changes
nothing. The writes are the organisation app's services, with the partner as their author.
"""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from noyau.forms import erreur_de_service
from organismes import selectors, services
from organismes.forms import DocumentRemplacerForm, ProfilForm
from organismes.views import (
    ContactAjouterView,
    ContactModifierView,
    ContactSupprimerView,
    DocumentTeleverserView,
)

from ..tables import ContactProfilTable, DocumentProfilTable, VersionRemplaceeTable
from .base import PortailMixin


def _retour(ancre=""):
    return redirect(reverse("portail:profil") + ancre)


class ProfilView(PortailMixin, TemplateView):
    permission_required = "portail.voir_portail"
    template_name = "portail/profil.html"

    def get_context_data(self, **kwargs):
        organisme = self.get_organisme()
        return super().get_context_data(
            territoires=organisme.territoires_desservis.all(),
            contacts=self.tableau(
                ContactProfilTable, selectors.contacts_de(organisme=organisme), "contacts-"
            ),
            documents=self.tableau(
                DocumentProfilTable, selectors.documents_courants(organisme=organisme), "documents-"
            ),
            versions=self.tableau(
                VersionRemplaceeTable,
                selectors.versions_remplacees(organisme=organisme),
                "versions-",
            ),
            **kwargs,
        )


class ProfilModifierView(PortailMixin, FormView):
    form_class = ProfilForm
    template_name = "portail/profil_formulaire.html"

    def get_form_kwargs(self):
        # A copy: the page title keeps the saved name when the form comes back with errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.get_organisme())}

    def form_valid(self, form):
        try:
            services.organisme_modifier_profil(
                organisme=self.get_organisme(),
                par=self.request.user,
                version=form.cleaned_data.get("version"),
                **form.donnees(),
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("Les modifications ont été enregistrées."))
        return _retour()


class ContactPortailMixin(PortailMixin):
    """The organisation app's contact pages, for the partner's own organisation."""

    permission_required = ("portail.voir_portail", "organismes.modifier_profil")

    def retour(self):
        return _retour("#contacts")


class ProfilContactAjouterView(ContactPortailMixin, ContactAjouterView):
    template_name = "portail/contact_formulaire.html"


class ProfilContactModifierView(ContactPortailMixin, ContactModifierView):
    template_name = "portail/contact_formulaire.html"

    def get_permission_object(self):
        # Another organisation's contact: a 404 before anything else (staff have no
        # organisation here, and get their 403).
        if self.get_organisme() is not None:
            self.get_contact()
        return self.get_organisme()


class ProfilContactSupprimerView(ContactPortailMixin, ContactSupprimerView):
    template_name = "portail/contact_supprimer.html"

    get_permission_object = ProfilContactModifierView.get_permission_object


class ProfilDocumentAjouterView(PortailMixin, DocumentTeleverserView):
    """The organisation app's upload page, for the partner's own organisation."""

    template_name = "portail/document_formulaire.html"

    def retour(self):
        return _retour("#documents")


class ProfilDocumentRemplacerView(PortailMixin, FormView):
    form_class = DocumentRemplacerForm
    template_name = "portail/document_remplacer.html"

    def get_document(self):
        if not hasattr(self, "_document"):
            # Only a version in force of the user's own organisation.
            self._document = get_object_or_404(
                selectors.documents_courants(organisme=self.get_organisme()),
                pk=self.kwargs["dpk"],
            )
        return self._document

    def get_permission_object(self):
        if self.get_organisme() is not None:
            self.get_document()
        return self.get_organisme()

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.get_document(), **kwargs)

    def form_valid(self, form):
        try:
            nouveau = services.document_remplacer(
                document=self.get_document(), par=self.request.user, **form.donnees()
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("La nouvelle version de « %s » a été téléversée; l'ancienne reste à l'historique.")
            % nouveau,
        )
        return _retour("#documents")
