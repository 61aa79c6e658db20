from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..filters import SubventionFilter
from ..models import Subvention
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
        # Re-select by primary key so that a filter joining a multi-valued relation can never
        # count a grant twice in Σ accordé (the filters use Exists today; this keeps it true).
        uniques = Subvention.objects.filter(pk__in=queryset.values("pk")).order_by()
        agregat = uniques.aggregate(nombre=Count("pk"), montant=Sum("montant_accorde"))
        return {"nombre": agregat["nombre"], "montant": agregat["montant"] or 0}
