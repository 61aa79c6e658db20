import django_filters as filters
import django_tables2 as tables
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from noyau.filters import OuiNonFilter, RechercheFilter
from noyau.formats import nom_complet
from noyau.forms import PersonneChoiceField
from noyau.tables import DateColumn, OuiNonColumn

from ..models import Importation

NOMBRE = {"td": {"class": "nombre"}, "th": {"class": "nombre"}}


class ImportationTable(tables.Table):
    le = DateColumn(
        verbose_name=_("Le"),
        format="SHORT_DATETIME_FORMAT",
        linkify=lambda record: record.get_absolute_url(),
    )
    par = tables.Column(verbose_name=_("Par"), order_by=("par__last_name", "par__first_name"))
    nom_fichier = tables.Column(verbose_name=_("Fichier"))
    source = tables.Column(verbose_name=_("Source"))
    essai = OuiNonColumn(verbose_name=_("Essai à blanc"))
    resultat = tables.Column(verbose_name=_("Résultat"))
    nb_lignes = tables.Column(verbose_name=_("Lignes"), attrs=NOMBRE)
    organismes_crees = tables.Column(verbose_name=_("Organismes créés"), attrs=NOMBRE)
    organismes_modifies = tables.Column(verbose_name=_("Organismes modifiés"), attrs=NOMBRE)
    subventions_creees = tables.Column(verbose_name=_("Subventions créées"), attrs=NOMBRE)
    subventions_modifiees = tables.Column(verbose_name=_("Subventions modifiées"), attrs=NOMBRE)
    nb_erreurs = tables.Column(verbose_name=_("Erreurs"), attrs=NOMBRE)

    class Meta:
        model = Importation
        fields = [
            "le", "par", "nom_fichier", "source", "essai", "resultat", "nb_lignes",
            "organismes_crees", "organismes_modifies", "subventions_creees",
            "subventions_modifiees", "nb_erreurs",
        ]  # fmt: skip
        order_by = "-le"
        empty_text = _("Aucune importation ne correspond à ces filtres.")

    def render_par(self, value):
        return nom_complet(value)

    def value_par(self, value):
        return nom_complet(value)


class ImportateurChoiceField(PersonneChoiceField, ModelChoiceField):
    """django-filter's choice field labelled by full name."""


class ImportateurFilter(filters.ModelChoiceFilter):
    field_class = ImportateurChoiceField


def _importateurs(request):
    # Only people who imported something: the dropdown lists no one else.
    return (
        get_user_model()
        .objects.filter(pk__in=Importation.objects.values("par"))
        .order_by("last_name", "first_name")
    )


class ImportationFilter(filters.FilterSet):
    q = RechercheFilter(label=_("Fichier"), champs=["nom_fichier"])
    par = ImportateurFilter(label=_("Par"), queryset=_importateurs)
    resultat = filters.ChoiceFilter(label=_("Résultat"), choices=Importation.Resultat.choices)
    source = filters.ChoiceFilter(label=_("Source"), choices=Importation.Source.choices)
    essai = OuiNonFilter(label=_("Essai à blanc"))

    class Meta:
        model = Importation
        fields = ["q", "par", "resultat", "source", "essai"]
