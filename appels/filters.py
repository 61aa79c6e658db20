"""The staff list of calls: programme, effective state (from the clock), text."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import RechercheFilter
from organismes.models import Organisme
from subventions.models import Programme

from .models import AppelDeProjets, Demande, EtatEffectif


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


class DemandeFilter(filters.FilterSet):
    etat = filters.ChoiceFilter(label=_("État"), choices=Demande.Etat.choices)
    organisme = filters.ModelChoiceFilter(label=_("Organisme"), queryset=Organisme.objects.none())

    class Meta:
        model = Demande
        fields = []

    def __init__(self, *args, appel=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations that applied to this call.
        self.filters["organisme"].queryset = Organisme.objects.filter(
            demandes__appel=appel
        ).order_by("nom_legal")
