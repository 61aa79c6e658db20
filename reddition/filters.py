"""Filters of the obligations list (staff only: choice querysets are not scoped to a user)."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.filters import ExerciceFilter
from noyau.forms import DateInput
from organismes.autocompletion import OrganismeFilter, organismes_a_choisir
from subventions.models import Programme

from .models import Obligation


class ObligationFilter(filters.FilterSet):
    programme = filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="subvention__programme",
        queryset=Programme.objects.only("pk", "nom").order_by("nom"),
    )
    # The year an obligation falls due: reporting is followed by the year it is owed.
    exercice = ExerciceFilter(label=_("Exercice de l'échéance"), field_name="date_echeance__year")
    type = filters.ChoiceFilter(label=_("Type"), choices=Obligation.Type.choices)
    etat = filters.MultipleChoiceFilter(
        label=_("État"),
        choices=Obligation.Etat.choices,
        widget=forms.CheckboxSelectMultiple,
        # `etat` is the annotation of avec_etat() (en retard computed from today's date).
        field_name="etat",
        distinct=False,
    )
    organisme = OrganismeFilter(
        label=_("Organisme"),
        field_name="subvention__organisme",
        queryset=organismes_a_choisir(),
    )
    echeance_min = filters.DateFilter(
        label=_("Échéance à partir du"),
        field_name="date_echeance",
        lookup_expr="gte",
        widget=DateInput,
    )
    echeance_max = filters.DateFilter(
        label=_("Échéance jusqu'au"),
        field_name="date_echeance",
        lookup_expr="lte",
        widget=DateInput,
    )

    class Meta:
        model = Obligation
        fields = []
