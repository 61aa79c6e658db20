"""The one way every list works: scoped selector → FilterSet → table, totals, exports."""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.rows import BoundRows

from . import exports

PAR_PAGE = 25
PAR_PAGE_MAX = 100


class Paginateur(Paginator):
    """Whatever `?per_page=` and `?page=` say, a page of 1 to 100 rows that exists: a page past
    the end shows the last one, `per_page=-1` or `1000000` is brought back within bounds."""

    def __init__(self, object_list, per_page, *args, nombre=None, en_deux_temps=True, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), PAR_PAGE_MAX), *args, **kwargs)
        self.en_deux_temps = en_deux_temps
        if nombre is not None:
            # Already counted by the list's totals: no second COUNT over the same rows.
            self.count = nombre

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            return self.num_pages if int(number) > 1 else 1

    def page(self, number):
        """The page's rows in two steps when the list joins other tables for its columns: first
        the page's primary keys, sorted and sliced on the listed table alone (with only the
        joins its filter and sort need), then those 25 rows with their joins. Sorting 5,000
        grants already joined to their organisation, programme and agent took 45 ms at 20,000
        grants; sorting the grants alone, 5. A table over one organisation's rows (a few
        hundred at most) asks `en_deux_temps=False`: one query instead of two."""
        number = self.validate_number(number)
        rangees = self.object_list
        requete = getattr(getattr(rangees, "data", None), "data", None)
        if not (
            self.en_deux_temps
            and isinstance(rangees, BoundRows)
            and isinstance(requete, QuerySet)
            and requete.query.select_related
            and not requete.query.distinct
        ):
            return super().page(number)
        bas = (number - 1) * self.per_page
        haut = bas + self.per_page
        if haut + self.orphans >= self.count:
            haut = self.count
        cles = list(requete.values_list("pk", flat=True)[bas:haut])
        par_cle = {objet.pk: objet for objet in requete.filter(pk__in=cles)}
        lignes = [par_cle[cle] for cle in cles if cle in par_cle]
        return self._get_page(
            BoundRows(data=lignes, table=rangees.table, pinned_data=rangees.pinned_data),
            number,
            self,
        )


def table_de_page(classe, lignes, request, *, par_page=PAR_PAGE, en_deux_temps=True, **kwargs):
    """A table of `request`'s page, sorted and paginated by its query string (`?sort=`,
    `?page=`, `?per_page=`, prefixed when the page has several tables) within Paginateur's
    bounds; `par_page=None` leaves it whole (an overview, an export); `en_deux_temps`: see
    Paginateur.page.

    Never `classe(lignes, request=request)`: django-tables2 then paginates on its own with
    Django's plain Paginator, and `?per_page=-1` was a 500 (an empty page "below 1")."""
    table = classe(lignes, **kwargs)
    if par_page is None:
        table.request = request
        return table
    pagination = {
        "per_page": par_page,
        "paginator_class": Paginateur,
        "en_deux_temps": en_deux_temps,
    }
    return RequestConfig(request, paginate=pagination).configure(table)


class ListeView(SingleTableMixin, FilterView):
    """Subclasses give `table_class`, `filterset_class`, `titre` and `get_queryset()` (a selector
    already scoped to the user). `?_export=xlsx|csv` returns the filtered, sorted rows, all pages.
    """

    template_name = "noyau/liste.html"
    # Only the table paginates: MultipleObjectMixin would also paginate object_list, with its
    # own rules (a 404 past the last page) and one more COUNT query.
    paginate_by = None
    table_pagination = {"per_page": PAR_PAGE, "paginator_class": Paginateur}
    titre = ""
    nom_export = "export"
    strict = True  # an invalid filter shows its error and an empty list, never everything

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def totaux(self, queryset):
        """What the list adds up to, over every page. Its "nombre" (the row count) is given to
        the table's paginator; without one, the paginator's own count is shown. Either way the
        rows are counted once."""
        return {}

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if pagination is not False and "nombre" in self._totaux:
            pagination["nombre"] = self._totaux["nombre"]
        return pagination

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

    def table_export(self, queryset):
        """The table the exports write: the screen's by default; a list may add columns that
        only the files carry (and the queryset annotations they read)."""
        return table_de_page(self.get_table_class(), queryset, self.request, par_page=None)

    def exporter(self, format_export):
        queryset = self.queryset_filtre()
        table = self.table_export(queryset)
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
        # Before the table: its paginator takes the count from the totals.
        self._totaux = totaux = self.totaux(self.object_list)
        context = super().get_context_data(**kwargs)
        context["titre"] = self.titre
        totaux.setdefault("nombre", context["table"].paginator.count)
        context["totaux"] = totaux
        # Said on the folded filters of a phone, so that a narrowed list is not taken for all.
        context["nb_filtres_actifs"] = sum(
            1 for nom in self.filterset.form.fields if any(self.request.GET.getlist(nom))
        )
        return context
