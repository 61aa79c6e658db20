"""The staff list of calls: programme, effective state (from the clock), text."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import RechercheFilter
from subventions.models import Programme

from .models import AppelDeProjets, EtatEffectif


class AppelFilter(filters.FilterSet):
    q = RechercheFilter(label=_("Recherche (titre)"), champs=["titre", "description"])
    programme = filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.only("pk", "nom").order_by("nom")
    )
    etat = filters.ChoiceFilter(
        label=_("État"), choices=EtatEffectif.choices, method="filtrer_etat"
    )

    class Meta:
        model = AppelDeProjets
        fields = []

    def filtrer_etat(self, queryset, name, value):
        return queryset.dans_l_etat(value) if value else queryset
