"""Tables of obligations; the same classes write the xlsx/csv exports (noyau.exports)."""

import django_tables2 as tables
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from noyau.formats import nom_complet
from noyau.tables import DateColumn, PastilleColumn, trier
from organismes.models import nom_affiche
from subventions.models import ordre_numero

from .models import Obligation

PAR_NUMERO = (*ordre_numero("subvention__"), "pk")


class ObligationTable(tables.Table):
    # Every order_by ends on the primary key: pages and exports never shuffle equal values.
    subvention = tables.Column(
        verbose_name=_("Subvention"),
        accessor="subvention__numero",
        linkify=lambda record: record.subvention.get_absolute_url(),
        order_by=PAR_NUMERO,
        attrs={"td": {"class": "sans-coupure"}},
    )
    organisme = tables.Column(verbose_name=_("Organisme"), accessor="subvention__organisme")
    programme = tables.Column(
        verbose_name=_("Programme"),
        accessor="subvention__programme__nom",
        order_by=("subvention__programme__nom", "pk"),
    )
    type = tables.Column(
        verbose_name=_("Type"), linkify=True, order_by=("type", "date_echeance", "pk")
    )
    periode_debut = DateColumn(
        verbose_name=_("Période du"), short=True, order_by=("periode_debut", "pk")
    )
    periode_fin = DateColumn(verbose_name=_("au"), short=True, order_by=("periode_fin", "pk"))
    date_echeance = DateColumn(
        verbose_name=_("Échéance"), short=True, order_by=("date_echeance", "pk")
    )
    etat = PastilleColumn(classe="etat", verbose_name=_("État"))
    agent = tables.Column(
        verbose_name=_("Agent responsable"),
        accessor="subvention__agent",
        order_by=("subvention__agent__last_name", "subvention__agent__first_name", "pk"),
    )

    class Meta:
        model = Obligation
        fields = []
        sequence = (
            "subvention",
            "organisme",
            "programme",
            "type",
            "periode_debut",
            "periode_fin",
            "date_echeance",
            "etat",
            "agent",
        )
        order_by = "date_echeance"
        empty_text = _("Aucune obligation ne correspond à ces filtres.")

    def render_agent(self, value):
        return nom_complet(value)

    value_agent = render_agent

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("subvention__organisme__"), is_descending, "pk")

    def order_etat(self, queryset, is_descending):
        # Most urgent first: en retard, à corriger, à venir, soumis, accepté.
        ordre = ("en_retard", "a_corriger", "a_venir", "soumis", "accepte")
        rang = Case(
            *[When(etat=code, then=Value(i)) for i, code in enumerate(ordre)],
            output_field=IntegerField(),
        )
        return trier(queryset, rang, is_descending, "pk")
