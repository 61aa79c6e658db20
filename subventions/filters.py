import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referentiel.models import Rubrique, StatutImmigration

from .models import Programme, ServiceIntegration, Subvention


class SubventionFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Recherche (numéro, projet, organisme)"), method="filtrer_texte")
    programme = filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.all())
    statut = filters.MultipleChoiceFilter(label=_("Statut"), choices=Subvention.Statut.choices)

    class Meta:
        model = Subvention
        fields = ["q", "programme", "statut"]

    def filtrer_texte(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(numero__icontains=value)
            | Q(titre__icontains=value)
            | Q(organisme__nom_legal__icontains=value)
            | Q(organisme__nom_usage__icontains=value)
        )


class ServiceFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Recherche"), field_name="nom", lookup_expr="icontains")
    rubrique = filters.ModelChoiceFilter(label=_("Rubrique"), queryset=Rubrique.objects.all())
    statut = filters.ModelChoiceFilter(
        label=_("Statut d'immigration visé"),
        queryset=StatutImmigration.objects.all(),
        field_name="statuts_vises",
    )

    class Meta:
        model = ServiceIntegration
        fields = ["q", "rubrique", "statut"]
