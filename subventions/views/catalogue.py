from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_tables2 import SingleTableView
from rules.contrib.views import PermissionRequiredMixin

from noyau.listes import ListeView

from ..filters import ServiceFilter
from ..models import Programme, ServiceIntegration
from ..tables import ProgrammeTable, ServiceTable


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
