import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import OuiNonFilter, RechercheFilter
from referentiel.models import Territoire

from .models import Organisme


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

    class Meta:
        model = Organisme
        fields = ["q", "arrondissement", "territoire_desservi", "actif"]
