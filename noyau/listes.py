"""The one way every list works: scoped selector → FilterSet → table, totals, exports."""

from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import exports


class ListeView(SingleTableMixin, FilterView):
    """Subclasses give `table_class`, `filterset_class`, `titre` and `get_queryset()` (a selector
    already scoped to the user). `?_export=xlsx|csv` returns the filtered, sorted rows, all pages.
    """

    template_name = "noyau/liste.html"
    paginate_by = 25
    titre = ""
    nom_export = "export"
    strict = True  # an invalid filter shows its error and an empty list, never everything

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def totaux(self, queryset):
        return {"nombre": queryset.count()}

    def get(self, request, *args, **kwargs):
        format_export = request.GET.get("_export")
        if format_export in exports.FORMATS:
            return self.exporter(format_export)
        return super().get(request, *args, **kwargs)

    def queryset_filtre(self):
        filterset = self.get_filterset(self.get_filterset_class())
        self.filterset = filterset
        if filterset.is_valid():
            return filterset.qs
        return filterset.queryset.none()

    def exporter(self, format_export):
        queryset = self.queryset_filtre()
        table = self.get_table_class()(queryset, request=self.request)
        # Same ordering as on screen: let the table apply ?sort=...
        order_by = self.request.GET.get(table.prefixed_order_by_field)
        if order_by:
            table.order_by = order_by
        ordered = table.data.data
        nom = f"{self.nom_export}-{timezone.localdate().isoformat()}"
        if format_export == "csv":
            return exports.reponse_csv(table, ordered, nom)
        return exports.reponse_xlsx(table, ordered, nom, str(self.titre))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["titre"] = self.titre
        qs = self.object_list
        context["totaux"] = self.totaux(qs)
        return context
