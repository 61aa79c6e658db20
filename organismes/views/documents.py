from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from noyau.forms import erreur_de_service

from .. import selectors, services
from ..fichiers import reponse_fichier
from ..forms import DocumentForm
from .base import AccesOrganismeMixin


class DocumentTeleverserView(AccesOrganismeMixin, FormView):
    permission_required = "organismes.gerer_documents"
    form_class = DocumentForm
    template_name = "organismes/document_formulaire.html"

    def form_valid(self, form):
        try:
            document = services.document_televerser(
                organisme=self.get_organisme(), par=self.request.user, **form.donnees()
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("Le document « %s » a été téléversé.") % document)
        return self.retour()

    def retour(self):
        return redirect(self.get_organisme().get_absolute_url() + "#documents")


@method_decorator(never_cache, name="dispatch")
class DocumentTelechargerView(AccesOrganismeMixin, View):
    """Streams a private document once the user may see it (files have no public URL)."""

    permission_required = "organismes.telecharger_document"

    def get_document(self):
        if not hasattr(self, "_document"):
            self._document = get_object_or_404(
                selectors.documents_visibles(user=self.request.user),
                organisme=self.get_organisme(),
                pk=self.kwargs["dpk"],
            )
        return self._document

    def get_permission_object(self):
        return self.get_document()

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        return reponse_fichier(
            document.fichier, document.nom_fichier, _("Le fichier de ce document est introuvable.")
        )
