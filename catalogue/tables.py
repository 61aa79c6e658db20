"""Table of the integration services list; the same class writes the xlsx/csv export."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import OuiNonColumn, trier
from organismes.models import nom_affiche

from .models import ServiceIntegration


class ServiceTable(tables.Table):
    nom = tables.Column(verbose_name=_("Service"), linkify=True, order_by=("nom", "pk"))
    organisme = tables.Column(verbose_name=_("Organisme"))
    rubrique = tables.Column(
        verbose_name=_("Rubrique"), order_by=("rubrique__ordre", "rubrique__nom", "nom", "pk")
    )
    statuts = tables.Column(verbose_name=_("Statuts visés"), empty_values=(), orderable=False)
    territoires = tables.Column(verbose_name=_("Territoires"), empty_values=(), orderable=False)
    actif = OuiNonColumn(verbose_name=_("Actif"), order_by=("actif", "nom", "pk"))

    class Meta:
        model = ServiceIntegration
        fields = ["nom", "organisme", "rubrique", "statuts", "territoires", "actif"]
        order_by = "nom"
        empty_text = _("Aucun service ne correspond à ces filtres.")

    # Statuts and territoires come from prefetch_related: one query per page, not per row.
    def render_statuts(self, record):
        return ", ".join(str(s) for s in record.statuts_vises.all())

    value_statuts = render_statuts

    def render_territoires(self, record):
        return ", ".join(str(t) for t in record.territoires.all()) or "—"

    def value_territoires(self, record):
        return ", ".join(str(t) for t in record.territoires.all())

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("organisme__"), is_descending, "pk")
