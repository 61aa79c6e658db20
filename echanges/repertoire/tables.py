"""The directory's results: a django-tables2 table drawn as cards (one `<article>` per service,
its columns as a description list), since a seven-column table would scroll sideways on the
phone most newcomers use."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class CarteServicesTable(tables.Table):
    organisme = tables.Column(verbose_name=_("Organisme"), empty_values=())
    rubrique = tables.Column(verbose_name=_("Rubrique"))
    statuts = tables.Column(verbose_name=_("Pour qui"), empty_values=())
    territoires = tables.Column(verbose_name=_("Territoires"), empty_values=())
    description = tables.Column(verbose_name=_("Description"))
    lieu = tables.Column(verbose_name=_("Lieu"))
    adresse = tables.Column(verbose_name=_("Adresse"), empty_values=())
    telephone = tables.Column(verbose_name=_("Téléphone"), accessor="organisme__telephone")
    courriel = tables.Column(verbose_name=_("Courriel"), accessor="organisme__courriel")
    site_web = tables.Column(verbose_name=_("Site web"), accessor="organisme__site_web")

    class Meta:
        template_name = "echanges/repertoire/cartes.html"
        orderable = False
        empty_text = _("Aucun service ne correspond à ces choix.")

    def render_organisme(self, record):
        return str(record.organisme)

    # From prefetch_related: one query per page, not per card.
    def render_statuts(self, record):
        return ", ".join(s.nom_affiche for s in record.statuts_vises.all())

    def render_territoires(self, record):
        return ", ".join(t.nom_affiche for t in record.territoires.all()) or "—"

    def render_adresse(self, record):
        organisme = record.organisme
        return ", ".join(p for p in (organisme.adresse, organisme.code_postal) if p) or "—"

    def render_telephone(self, value):
        # Stored as "514 872-1234" or "514 872-1234, poste 56": the number before the extension.
        chiffres = "".join(c for c in value.split(",")[0] if c.isdigit())
        return format_html('<a href="tel:+1{}">{}</a>', chiffres[-10:], value)

    def render_courriel(self, value):
        return format_html('<a href="mailto:{}">{}</a>', value, value)

    def render_site_web(self, value):
        return format_html('<a href="{}" rel="noopener">{}</a>', value, value)
