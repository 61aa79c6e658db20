import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .champs import ExerciceFormField


class OuiNonFilter(filters.BooleanFilter):
    """A yes/no filter whose empty choice reads "Tous" (django-filter's default says "Inconnu",
    which reads as a value rather than as no filter)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(choices=[("", _("Tous")), ("true", _("Oui")), ("false", _("Non"))]),
        )
        super().__init__(*args, **kwargs)


class RechercheFilter(filters.CharFilter):
    """Free-text search: rows where any of `champs` contains the typed text (case-insensitive,
    surrounding spaces ignored)."""

    def __init__(self, *args, champs, **kwargs):
        self.champs = champs
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        texte = (value or "").strip()
        if not texte:
            return qs
        condition = Q()
        for champ in self.champs:
            condition |= Q(**{f"{champ}__icontains": texte})
        return qs.filter(condition)


class ExerciceFilter(filters.NumberFilter):
    """A fiscal year: a whole number in the plausible range (an error otherwise, not a match)."""

    field_class = ExerciceFormField
