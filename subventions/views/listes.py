from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from rules.contrib.views import PermissionRequiredMixin

from noyau.listes import ListeView

from .. import selectors
from ..filters import SubventionFilter
from ..tables import SubventionTable


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
