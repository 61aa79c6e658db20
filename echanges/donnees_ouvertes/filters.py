"""The open data's form: one programme (by its code, so that a public URL reads well) and one
exercice, both required."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.champs import exercice_courant
from noyau.filters import ExerciceFilter
from subventions.models import Programme, Subvention


class DonneesOuvertesFilter(filters.FilterSet):
    programme = filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.only("pk", "nom", "code").order_by("nom"),
        to_field_name="code",
        required=True,
    )
    exercice = ExerciceFilter(label=_("Exercice"), method="filtrer_exercice", required=True)

    class Meta:
        model = Subvention
        fields = ["programme", "exercice"]

    def filtrer_exercice(self, queryset, name, value):
        return queryset.avec_argent_en(int(value))

    @classmethod
    def initial(cls):
        return {"exercice": exercice_courant()}

    def choix(self):
        """(programme, exercice) when the form is valid, None otherwise (it carries errors)."""
        if not self.is_valid():
            return None
        return self.form.cleaned_data["programme"], int(self.form.cleaned_data["exercice"])
