from django.utils.translation import gettext_lazy as _

from noyau.listes import ListeView, table_de_page
from noyau.permissions import PermissionRequiredMixin

from .. import exports, selectors
from ..filters import OrganismeListeFilter, SubventionFilter
from ..tables import OrganismeListeTable, SubventionListeTable


class SubventionListeView(PermissionRequiredMixin, ListeView):
    permission_required = "subventions.voir_liste"
    table_class = SubventionListeTable
    filterset_class = SubventionFilter
    template_name = "subventions/liste.html"
    titre = _("Subventions")
    nom_export = "subventions"

    def get_queryset(self):
        return selectors.subventions_visibles(user=self.request.user)

    def exercice_filtre(self):
        if self.filterset.is_valid():
            return self.filterset.form.cleaned_data.get("exercice")
        return None

    def totaux(self, queryset):
        return selectors.totaux_subventions(subventions=queryset, exercice=self.exercice_filtre())

    def table_export(self, queryset):
        exercices = exports.exercices_a_exporter(queryset, self.exercice_filtre())
        rubriques = exports.rubriques_a_exporter()
        return table_de_page(
            exports.SubventionExportTable,
            exports.subventions_a_exporter(queryset, exercices, rubriques),
            self.request,
            par_page=None,
            exercices=exercices,
            rubriques=rubriques,
        )


class OrganismeListeView(PermissionRequiredMixin, ListeView):
    """The organisations list, with each one's grants: served under organismes:liste
    (config/urls.py), it lives here because it reads both apps."""

    permission_required = "organismes.voir_liste"
    table_class = OrganismeListeTable
    filterset_class = OrganismeListeFilter
    titre = _("Organismes")
    nom_export = "organismes"
    template_name = "organismes/liste.html"

    def get_queryset(self):
        return selectors.organismes_pour_liste(user=self.request.user)
