import django_filters as filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from .champs import ExerciceFormField
from .requetes import dans_la_liste


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
    surrounding spaces ignored).

    `majuscules`: columns the database stores in capitals (a generated column such as the
    grants' `recherche`), matched without an UPPER() on every row. `lies` searches a related
    table apart: {"organisme": ("nom_legal", "nom_usage")} finds the matching organisations
    first (2,000 rows at most) and keeps the rows that point to one, so that each condition is
    on a column of the listed table, which an index can serve (on PostgreSQL, the trigram index
    of subventions' migration 0008), instead of a join of every grant with its organisation
    tested row by row."""

    def __init__(self, *args, champs=(), majuscules=(), lies=None, **kwargs):
        self.champs = champs
        self.majuscules = majuscules
        self.lies = lies or {}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        texte = (value or "").strip()
        if not texte:
            return qs
        condition = Q()
        for champ in self.champs:
            condition |= Q(**{f"{champ}__icontains": texte})
        for champ in self.majuscules:
            # A column the database stores in capitals: the typed text goes through the same
            # UPPER(), so both sides agree on every database.
            condition |= Q(**{f"{champ}__contains": Upper(Value(texte))})
        for relation, champs in self.lies.items():
            modele = qs.model._meta.get_field(relation).related_model
            trouves = Q()
            for champ in champs:
                trouves |= Q(**{f"{champ}__icontains": texte})
            pks = list(modele._default_manager.filter(trouves).values_list("pk", flat=True))
            if pks:
                condition |= dans_la_liste(qs.model._meta.get_field(relation).attname, pks)
        return qs.filter(condition)


class ExerciceFilter(filters.NumberFilter):
    """A fiscal year: a whole number in the plausible range (an error otherwise, not a match)."""

    field_class = ExerciceFormField
