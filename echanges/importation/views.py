"""Upload → preview (a recorded dry run, the file kept privately) → confirm (own preview only).
Thin: the permission, then the service, then a page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from noyau.exports import reponse_classeur
from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin, peut

from ..models import Importation
from . import classeurs
from .forms import ImportForm
from .lecture import FichierRefuse
from .selectors import importations_visibles
from .services import importation_confirmer, importation_executer
from .tables import ImportationFilter, ImportationTable


class ImportationListeView(LoginRequiredMixin, PermissionRequiredMixin, ListeView):
    permission_required = "echanges.voir_importations"
    table_class = ImportationTable
    filterset_class = ImportationFilter
    titre = _("Importations")
    nom_export = "importations"
    template_name = "echanges/importation/liste.html"

    def get_queryset(self):
        return importations_visibles(user=self.request.user)


class ImportationTeleverserView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "echanges.importer"
    form_class = ImportForm
    template_name = "echanges/importation/televerser.html"

    def form_valid(self, form):
        fichier = form.cleaned_data["fichier"]
        try:
            importation, _plan = importation_executer(
                fichier=fichier,
                nom=fichier.name,
                par=self.request.user,
                essai=True,
                source=Importation.Source.WEB,
                garder_fichier=True,
            )
        except FichierRefuse as exc:
            form.add_error("fichier", str(exc))
            return self.form_invalid(form)
        return redirect("echanges:importation_detail", pk=importation.pk)


class ImportationDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "echanges.voir_importations"
    template_name = "echanges/importation/detail.html"

    def get_context_data(self, **kwargs):
        importation = get_object_or_404(
            importations_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )
        user = self.request.user
        return super().get_context_data(
            importation=importation,
            peut_confirmer=peut(user, "echanges.confirmer_importation", importation),
            peut_importer=peut(user, "echanges.importer"),
            confirmation=importation.confirmations.first(),
            **kwargs,
        )


class ImportationConfirmerView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Only the preview's author reaches it (another's id is a 404); the service says whether
    it may still be confirmed (echanges.confirmer_importation)."""

    permission_required = "echanges.importer"
    template_name = "echanges/importation/confirmer.html"

    def apercu(self):
        qs = Importation.objects.filter(par=self.request.user, essai=True)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        apercu = self.apercu()
        return super().get_context_data(
            importation=apercu,
            peut_confirmer=peut(self.request.user, "echanges.confirmer_importation", apercu),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        apercu = self.apercu()
        try:
            importation, plan = importation_confirmer(apercu=apercu, par=request.user)
        except ValidationError as refus:
            messages.error(request, refus.messages[0])
            return redirect("echanges:importation_detail", pk=apercu.pk)
        except FichierRefuse as refus:
            messages.error(request, str(refus))
            return redirect("echanges:importation_detail", pk=apercu.pk)
        if plan.valide:
            messages.success(request, gettext("Importation terminée."))
        else:
            messages.error(
                request, gettext("Les données ont changé depuis l'aperçu : rien n'a été importé.")
            )
        return redirect("echanges:importation_detail", pk=importation.pk)


class ModeleView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "echanges.importer"

    def get(self, request):
        return reponse_classeur(classeurs.modele(), "modele-import-subventions.xlsx")


class RapportErreursView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "echanges.voir_importations"

    def get(self, request, pk):
        importation = get_object_or_404(importations_visibles(user=request.user), pk=pk)
        if not importation.nb_erreurs or not importation.fichier:
            raise Http404
        try:
            with importation.fichier.open("rb") as fichier:
                wb = classeurs.erreurs(importation, fichier)
        except OSError:
            raise Http404 from None
        return reponse_classeur(wb, f"erreurs-importation-{importation.pk}.xlsx")
