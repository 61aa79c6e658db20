"""The staff list of a call's applications: table and filters (état, organisme)."""

import django_filters as filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import DateColumn, MontantColumn
from organismes.models import Organisme

from .models import Demande


class DemandeTable(tables.Table):
    organisme = tables.Column(verbose_name=_("Organisme"), order_by=("organisme__nom_legal", "pk"))
    titre_projet = tables.Column(
        verbose_name=_("Projet"),
        linkify=("appels:demande", {"pk": tables.A("pk")}),
        order_by=("titre_projet", "pk"),
    )
    etat = tables.Column(verbose_name=_("État"), order_by=("etat", "pk"))
    montant_demande = MontantColumn(verbose_name=_("Montant demandé"))
    soumise_le = DateColumn(verbose_name=_("Soumise le"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = Demande
        fields = []
        sequence = ("organisme", "titre_projet", "etat", "montant_demande", "soumise_le")
        order_by = "organisme"
        empty_text = _("Aucune demande ne correspond à ces filtres.")

    def render_titre_projet(self, value, record):
        return value or _("(sans titre)")


class DemandeFilter(filters.FilterSet):
    etat = filters.ChoiceFilter(label=_("État"), choices=Demande.Etat.choices)
    organisme = filters.ModelChoiceFilter(label=_("Organisme"), queryset=Organisme.objects.none())

    class Meta:
        model = Demande
        fields = []

    def __init__(self, *args, appel=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations that applied to this call.
        self.filters["organisme"].queryset = Organisme.objects.filter(
            demandes__appel=appel
        ).order_by("nom_legal")
