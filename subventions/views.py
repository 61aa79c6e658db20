from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_tables2 import SingleTableView
from rules.contrib.views import PermissionRequiredMixin

from noyau.listes import ListeView

from . import selectors
from .filters import ServiceFilter, SubventionFilter
from .models import Programme, ServiceIntegration
from .tables import ProgrammeTable, ServiceTable, SubventionTable


class SubventionListeView(PermissionRequiredMixin, ListeView):
    permission_required = "subventions.voir_liste"
    table_class = SubventionTable
    filterset_class = SubventionFilter
    titre = _("Subventions")
    nom_export = "subventions"

    def get_queryset(self):
        return selectors.subventions_visibles(user=self.request.user)

    def totaux(self, queryset):
        agregat = queryset.order_by().aggregate(montant=Sum("montant_accorde"))
        return {"nombre": queryset.count(), "montant": agregat["montant"] or 0}


class SubventionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_subvention"
    template_name = "subventions/detail.html"
    context_object_name = "subvention"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.subventions_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )


class ProgrammeListeView(PermissionRequiredMixin, SingleTableView):
    permission_required = "subventions.voir_programmes"
    table_class = ProgrammeTable
    template_name = "subventions/programme_liste.html"
    queryset = Programme.objects.all()


class ProgrammeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_programmes"
    template_name = "subventions/programme_detail.html"
    context_object_name = "programme"
    queryset = Programme.objects.all()


class ServiceListeView(PermissionRequiredMixin, ListeView):
    permission_required = "subventions.voir_services"
    table_class = ServiceTable
    filterset_class = ServiceFilter
    titre = _("Services d'intégration")
    nom_export = "services"

    def get_queryset(self):
        return ServiceIntegration.objects.select_related("organisme", "rubrique").prefetch_related(
            "statuts_vises"
        )


class ServiceDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_services"
    template_name = "subventions/service_detail.html"
    context_object_name = "service"
    queryset = ServiceIntegration.objects.select_related("organisme", "rubrique")
