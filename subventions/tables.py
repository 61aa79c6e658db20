"""Tables of the staff lists; the same classes write the xlsx/csv exports (noyau.exports)."""

import django_tables2 as tables
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from noyau.tables import MontantColumn, OuiNonColumn, trier
from organismes.models import nom_affiche

from .models import Programme, ServiceIntegration, Subvention


class SubventionTable(tables.Table):
    # Every order_by ends on the unique numéro: pages and exports never shuffle equal values.
    # BINAM-2026-057 breaks at its hyphens: kept on one line, the number reads as one.
    numero = tables.Column(
        verbose_name=_("Numéro"), linkify=True, attrs={"td": {"class": "sans-coupure"}}
    )
    organisme = tables.Column(verbose_name=_("Organisme"))
    titre = tables.Column(verbose_name=_("Projet"), order_by=("titre", "numero"))
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__nom", "numero"))
    statut = tables.Column(verbose_name=_("Statut"))
    agent = tables.Column(
        verbose_name=_("Agent responsable"),
        order_by=("agent__last_name", "agent__first_name", "numero"),
    )
    montant_accorde = MontantColumn(
        verbose_name=_("Montant accordé"), order_by=("montant_accorde", "numero")
    )

    class Meta:
        model = Subvention
        fields = ["numero", "organisme", "titre", "programme", "statut", "agent", "montant_accorde"]
        order_by = "-numero"
        empty_text = _("Aucune subvention ne correspond à ces filtres.")

    def render_agent(self, value):
        return value.get_full_name() or value.username

    def value_agent(self, value):
        return value.get_full_name() or value.username

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("organisme__"), is_descending, "numero")

    def order_statut(self, queryset, is_descending):
        # Lifecycle order (en analyse → fermée, then refusée, annulée), not the codes' alphabet.
        rang = Case(
            *[When(statut=code, then=Value(i)) for i, code in enumerate(Subvention.Statut.values)],
            output_field=IntegerField(),
        )
        return trier(queryset, rang, is_descending, "numero")


class ProgrammeTable(tables.Table):
    nom = tables.Column(verbose_name=_("Programme"), linkify=True)
    source_financement = tables.Column(verbose_name=_("Source de financement"))
    nb_subventions = tables.Column(
        verbose_name=_("Subventions"), attrs={"td": {"class": "nombre"}, "th": {"class": "nombre"}}
    )
    actif = OuiNonColumn(verbose_name=_("Actif"))

    class Meta:
        model = Programme
        fields = ["nom", "source_financement", "nb_subventions", "actif"]
        order_by = "nom"
        empty_text = _("Aucun programme.")


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
        return ", ".join(s.nom for s in record.statuts_vises.all())

    value_statuts = render_statuts

    def render_territoires(self, record):
        return ", ".join(t.nom for t in record.territoires.all()) or "—"

    def value_territoires(self, record):
        return ", ".join(t.nom for t in record.territoires.all())

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("organisme__"), is_descending, "pk")
