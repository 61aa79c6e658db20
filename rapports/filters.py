"""The reports' filters: a programme and an exercice, both optional (everything by default)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import ExerciceFilter
from subventions.models import Programme, Subvention

from . import selectors


class TableauFilter(filters.FilterSet):
    programme = filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.only("pk", "nom", "code").order_by("nom")
    )
    exercice = ExerciceFilter(label=_("Exercice"), method="filtrer_exercice")

    class Meta:
        model = Subvention
        fields = ["programme", "exercice"]

    def filtrer_exercice(self, queryset, name, value):
        return queryset.avec_argent_en(value) if value is not None else queryset

    def filtres(self) -> selectors.Filtres | None:
        """The valid filters, or None when the input is wrong (the form carries the errors)."""
        if not self.is_valid():
            return None
        donnees = self.form.cleaned_data
        exercice = donnees.get("exercice")
        return selectors.Filtres(
            programme=donnees.get("programme"),
            exercice=int(exercice) if exercice is not None else None,
        )
