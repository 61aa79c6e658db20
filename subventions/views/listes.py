from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..filters import SubventionFilter
from ..models import Repartition, Subvention
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
        engagees = Q(statut__in=Subvention.STATUTS_ENGAGES)
        agregat = uniques.aggregate(
            nombre=Count("pk"),
            montant=Sum("montant_accorde"),
            engage=Sum("montant_accorde", filter=engagees),
        )
        totaux = {
            "nombre": agregat["nombre"],
            "montant": agregat["montant"] or 0,
            # Σ accordé adds up the column as shown (every status); managers also need what is
            # actually committed, and for one exercice only that year's share.
            "engage": agregat["engage"] or 0,
        }
        exercice = (
            self.filterset.form.cleaned_data.get("exercice") if self.filterset.is_valid() else None
        )
        if exercice:
            totaux["exercice"] = exercice
            totaux["engage_exercice"] = (
                Repartition.objects.filter(
                    subvention__in=uniques.filter(engagees), exercice=exercice
                ).aggregate(total=Sum("montant"))["total"]
                or 0
            )
        return totaux
