from decimal import Decimal

import django_tables2 as tables
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from noyau.tables import MontantColumn

from .models import Organisme

OUI_NON = (_("Oui"), _("Non"))
CENT = Decimal("0.01")


def nom_affiche():
    """What `str(organisme)` shows (nom d'usage, else nom légal), so sorting follows the screen."""
    return Coalesce(NullIf("nom_usage", Value("")), "nom_legal")


class OrganismeTable(tables.Table):
    nom_legal = tables.Column(verbose_name=_("Organisme"), linkify=True)
    neq = tables.Column(verbose_name=_("NEQ"))
    arrondissement = tables.Column(verbose_name=_("Arrondissement"), order_by="arrondissement__nom")
    nb_subventions = tables.Column(verbose_name=_("Subventions"), attrs={"td": {"class": "nombre"}})
    total_accorde = MontantColumn(verbose_name=_("Total accordé"))
    actif = tables.BooleanColumn(verbose_name=_("Actif"), yesno=OUI_NON)

    class Meta:
        model = Organisme
        fields = ["nom_legal", "neq", "arrondissement", "nb_subventions", "total_accorde", "actif"]
        order_by = "nom_legal"
        empty_text = _("Aucun organisme ne correspond à ces filtres.")

    def render_nom_legal(self, record):
        return str(record)

    def value_nom_legal(self, record):
        # Exports carry the legal name, the one official documents need.
        return record.nom_legal

    def order_nom_legal(self, queryset, is_descending):
        cle = nom_affiche()
        ordre = [cle.desc(), "-pk"] if is_descending else [cle.asc(), "pk"]
        return queryset.order_by(*ordre), True

    def value_total_accorde(self, value):
        # SQLite returns sums unscaled (2000.5); files always get cents.
        return value.quantize(CENT) if value is not None else None

    def value_actif(self, value):
        return str(OUI_NON[0] if value else OUI_NON[1])
