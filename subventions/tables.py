import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import MontantColumn

from .models import Programme, ServiceIntegration, Subvention


class SubventionTable(tables.Table):
    numero = tables.Column(verbose_name=_("Numéro"), linkify=True)
    organisme = tables.Column(verbose_name=_("Organisme"), order_by="organisme__nom_legal")
    titre = tables.Column(verbose_name=_("Projet"))
    programme = tables.Column(verbose_name=_("Programme"), order_by="programme__nom")
    statut = tables.Column(verbose_name=_("Statut"))
    agent = tables.Column(verbose_name=_("Agent"), order_by="agent__last_name")
    montant_accorde = MontantColumn(verbose_name=_("Montant accordé"))

    class Meta:
        model = Subvention
        fields = ["numero", "organisme", "titre", "programme", "statut", "agent", "montant_accorde"]
        order_by = "-numero"
        empty_text = _("Aucune subvention ne correspond à ces filtres.")

    def render_agent(self, value):
        return value.get_full_name() or value.username

    def value_agent(self, value):
        return value.get_full_name() or value.username


class ProgrammeTable(tables.Table):
    nom = tables.Column(verbose_name=_("Programme"), linkify=True)
    source_financement = tables.Column(verbose_name=_("Source de financement"))
    actif = tables.BooleanColumn(verbose_name=_("Actif"), yesno=(_("Oui"), _("Non")))

    class Meta:
        model = Programme
        fields = ["nom", "source_financement", "actif"]
        empty_text = _("Aucun programme.")


class ServiceTable(tables.Table):
    nom = tables.Column(verbose_name=_("Service"), linkify=True)
    organisme = tables.Column(verbose_name=_("Organisme"), order_by="organisme__nom_legal")
    rubrique = tables.Column(verbose_name=_("Rubrique"), order_by="rubrique__ordre")
    statuts = tables.Column(verbose_name=_("Statuts visés"), empty_values=(), orderable=False)

    class Meta:
        model = ServiceIntegration
        fields = ["nom", "organisme", "rubrique", "statuts"]
        empty_text = _("Aucun service ne correspond à ces filtres.")

    def render_statuts(self, record):
        return ", ".join(s.nom for s in record.statuts_vises.all())

    value_statuts = render_statuts
