import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from noyau.tables import DateColumn, OuiNonColumn, trier

from .models import Document, Organisme, nom_affiche


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
        if record.verifie_le is None:
            return format_html(
                '{} <span class="pastille">{}</span>', record, _("organisme à vérifier")
            )
        return str(record)

    def value_nom_legal(self, record):
        # Exports carry the legal name, the one official documents need.
        return record.nom_legal

    def order_nom_legal(self, queryset, is_descending):
        return trier(queryset, nom_affiche(), is_descending, "pk")


# The work queue's sections (reddition/travail.py): documents to renew, changed profiles.
class DocumentTravailTable(tables.Table):
    organisme = tables.Column(
        verbose_name=_("Organisme"), linkify=True, order_by=("organisme__nom_legal", "pk")
    )
    type = tables.Column(verbose_name=_("Type"))
    titre = tables.Column(verbose_name=_("Titre"))
    date_validite = DateColumn(
        verbose_name=_("Valide jusqu'au"), short=True, order_by=("date_validite", "pk")
    )

    class Meta:
        model = Document
        fields = []
        sequence = ("organisme", "type", "titre", "date_validite")
        order_by = "date_validite"
        empty_text = _("Aucun document ne correspond à ces filtres.")


class ProfilModifieTable(tables.Table):
    nom_legal = tables.Column(
        verbose_name=_("Organisme"), linkify=True, order_by=("nom_legal", "pk")
    )
    modifie_par_organisme_le = DateColumn(
        verbose_name=_("Modifié par l'organisme le"),
        format="DATETIME_FORMAT",
        order_by=("modifie_par_organisme_le", "pk"),
    )

    class Meta:
        model = Organisme
        fields = []
        sequence = ("nom_legal", "modifie_par_organisme_le")
        order_by = "-modifie_par_organisme_le"
        empty_text = _("Aucun organisme n'a modifié son profil ces 30 derniers jours.")

    def render_nom_legal(self, record):
        if record.verifie_le is None:
            return format_html(
                '{} <span class="pastille">{}</span>', record, _("organisme à vérifier")
            )
        return str(record)
