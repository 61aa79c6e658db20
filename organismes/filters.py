import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import OuiNonFilter, RechercheFilter
from referentiel.models import Territoire

from . import autocompletion
from .autocompletion import organismes_a_choisir
from .models import Document, Organisme


class OrganismeFilter(filters.FilterSet):
    """The organisation's own criteria; the list adds its grants' (subventions.filters)."""

    q = RechercheFilter(label=_("Recherche (nom, NEQ)"), champs=["nom_legal", "nom_usage", "neq"])
    arrondissement = filters.ModelChoiceFilter(
        label=_("Arrondissement"), queryset=Territoire.objects.all()
    )
    territoire_desservi = filters.ModelChoiceFilter(
        label=_("Territoire desservi"),
        queryset=Territoire.objects.all(),
        field_name="territoires_desservis",
    )
    actif = OuiNonFilter(label=_("Actif"))
    # Registered online and not yet checked by an agent (organismes.inscription).
    a_verifier = OuiNonFilter(label=_("À vérifier"), field_name="verifie_le", lookup_expr="isnull")

    class Meta:
        model = Organisme
        fields = ["q", "arrondissement", "territoire_desservi", "actif", "a_verifier"]


# The work queue's sections (reddition/travail.py): documents to renew, changed profiles.


class DocumentTravailFilter(filters.FilterSet):
    type = filters.ChoiceFilter(label=_("Type"), choices=Document.Type.choices)
    organisme = autocompletion.OrganismeFilter(
        label=_("Organisme"), queryset=organismes_a_choisir()
    )

    class Meta:
        model = Document
        fields = []


class ProfilModifieFilter(filters.FilterSet):
    # The rows are the organisations themselves: the chosen one is matched by its key (a
    # filter on `pk` given the Organisme itself was a TypeError).
    organisme = autocompletion.OrganismeFilter(
        label=_("Organisme"), method="de_l_organisme", queryset=organismes_a_choisir()
    )

    class Meta:
        model = Organisme
        fields = []

    def de_l_organisme(self, queryset, name, value):
        return queryset.filter(pk=value.pk)
