from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from rules.contrib.views import PermissionRequiredMixin

from noyau.listes import ListeView

from . import selectors
from .filters import OrganismeFilter
from .tables import OrganismeTable


class OrganismeListeView(PermissionRequiredMixin, ListeView):
    permission_required = "organismes.voir_liste"
    table_class = OrganismeTable
    filterset_class = OrganismeFilter
    titre = _("Organismes")
    nom_export = "organismes"
    template_name = "organismes/liste.html"

    def get_queryset(self):
        return selectors.organismes_pour_liste(user=self.request.user)


class OrganismeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "organismes.voir_organisme"
    template_name = "organismes/detail.html"
    context_object_name = "organisme"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.organismes_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )
