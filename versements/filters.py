"""Filters of the instalments list (staff only: choices are not scoped to a user)."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.filters import ExerciceFilter
from noyau.forms import DateInput
from organismes.autocompletion import OrganismeFilter, organismes_a_choisir
from subventions.models import Programme

from .models import ModificationEcheancier, Versement


class VersementFilter(filters.FilterSet):
    programme = filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="subvention__programme",
        queryset=Programme.objects.only("pk", "nom").order_by("nom"),
    )
    exercice = ExerciceFilter(
        label=_("Exercice"),
        method="filtrer_exercice",
        help_text=_("Année du paiement pour un versement payé, sinon année prévue."),
    )
    statut = filters.MultipleChoiceFilter(
        label=_("Statut"),
        choices=Versement.Statut.choices,
        widget=forms.CheckboxSelectMultiple,
        # A column of the instalment itself: DISTINCT would only make PostgreSQL sort every row.
        distinct=False,
    )
    organisme = OrganismeFilter(
        label=_("Organisme"),
        field_name="subvention__organisme",
        queryset=organismes_a_choisir(),
    )
    du = filters.DateFilter(
        label=_("Prévu à partir du"),
        field_name="date_prevue",
        lookup_expr="gte",
        widget=DateInput,
    )
    au = filters.DateFilter(
        label=_("Prévu jusqu'au"), field_name="date_prevue", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Versement
        fields = []

    def filtrer_exercice(self, queryset, name, value):
        if not value:
            return queryset
        # The same rule as "versé par exercice" (selectors): an instalment counts in its
        # exercice, paid or not, whatever its payment date.
        return queryset.filter(exercice=value)


class VersementTravailFilter(filters.FilterSet):
    """The work queue's instalment sections (reddition/travail.py)."""

    programme = filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="subvention__programme",
        queryset=Programme.objects.only("pk", "nom").order_by("nom"),
    )
    organisme = OrganismeFilter(
        label=_("Organisme"),
        field_name="subvention__organisme",
        queryset=organismes_a_choisir(),
    )

    class Meta:
        model = Versement
        fields = []


class ModificationTravailFilter(VersementTravailFilter):
    """The work queue's proposed schedule changes: the same filters, through the grant."""

    class Meta:
        model = ModificationEcheancier
        fields = []
