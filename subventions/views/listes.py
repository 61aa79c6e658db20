from django.utils.translation import gettext_lazy as _

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..filters import SubventionFilter
from ..tables import SubventionTable


class SubventionListeView(PermissionRequiredMixin, ListeView):
    permission_required = "subventions.voir_liste"
    table_class = SubventionTable
    filterset_class = SubventionFilter
    template_name = "subventions/liste.html"
    titre = _("Subventions")
    nom_export = "subventions"

    def get_queryset(self):
        return selectors.subventions_visibles(user=self.request.user)

    def totaux(self, queryset):
        exercice = (
            self.filterset.form.cleaned_data.get("exercice") if self.filterset.is_valid() else None
        )
        return selectors.totaux_subventions(subventions=queryset, exercice=exercice)
