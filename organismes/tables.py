import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import OuiNonColumn, trier

from .models import Organisme, nom_affiche


class OrganismeTable(tables.Table):
    """The organisation's own columns; the list adds its grants' (subventions.tables)."""

    nom_legal = tables.Column(verbose_name=_("Organisme"), linkify=True)
    neq = tables.Column(verbose_name=_("NEQ"))
    arrondissement = tables.Column(verbose_name=_("Arrondissement"), order_by="arrondissement__nom")
    actif = OuiNonColumn(verbose_name=_("Actif"))

    class Meta:
        model = Organisme
        fields = ["nom_legal", "neq", "arrondissement", "actif"]
        order_by = "nom_legal"
        empty_text = _("Aucun organisme ne correspond à ces filtres.")

    def render_nom_legal(self, record):
        return str(record)

    def value_nom_legal(self, record):
        # Exports carry the legal name, the one official documents need.
        return record.nom_legal

    def order_nom_legal(self, queryset, is_descending):
        return trier(queryset, nom_affiche(), is_descending, "pk")
