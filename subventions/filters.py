"""Filters of the staff lists (grants, programmes; the services list is in catalogue.filters).

The grants list is staff-only (subventions.voir_liste), so the choice querysets are
not scoped to a user; they are ordered and load only the columns their labels need.
Conditions on multi-valued relations (répartitions, services financés, statuts visés) use
`Exists()` rather than joins: a grant is never repeated, so no `.distinct()` is needed and sums
over the filtered rows stay right.
"""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from comptes.selectors import agents
from noyau.filters import ExerciceFilter, OuiNonFilter, RechercheFilter
from noyau.forms import MontantFormField, PersonneChoiceField
from organismes import filters as filtres_organismes
from organismes.autocompletion import OrganismeFilter, organismes_a_choisir
from referentiel.models import Rubrique, StatutImmigration, Territoire

from .models import Programme, ServiceFinance, Subvention


class MontantFilter(filters.NumberFilter):
    """Accepts money the way people type it: `12 500,00`, `12500`, `12 500,00 $`."""

    field_class = MontantFormField


class AgentChoiceField(PersonneChoiceField, ModelChoiceField):
    """django-filter's choice field (it knows the "null" choice) labelled by full name."""


class AgentFilter(filters.ModelChoiceFilter):
    field_class = AgentChoiceField


def _reference(modele):
    return modele.objects.only("pk", "nom").order_by("ordre", "nom")


class SubventionFilter(filters.FilterSet):
    q = RechercheFilter(
        label=_("Recherche (numéro, projet, organisme)"),
        majuscules=["recherche"],
        lies={"organisme": ("nom_legal", "nom_usage")},
    )
    programme = filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.only("pk", "nom").order_by("nom")
    )
    exercice = ExerciceFilter(label=_("Exercice"), method="filtrer_exercice")
    # A column of the grant itself: no row can repeat, and django-filter's default DISTINCT
    # made PostgreSQL sort every matching row on all its columns (175 ms at 20,000 grants).
    statut = filters.MultipleChoiceFilter(
        label=_("Statut"),
        choices=Subvention.Statut.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    # Typed, not a <select>: thousands of options would weigh more than the rest of the page.
    organisme = OrganismeFilter(label=_("Organisme"), queryset=organismes_a_choisir())
    arrondissement = filters.ModelChoiceFilter(
        label=_("Arrondissement ou municipalité de l'organisme"),
        field_name="organisme__arrondissement",
        queryset=Territoire.objects.only("pk", "nom").order_by("type", "nom"),
    )
    rubrique = filters.ModelChoiceFilter(
        label=_("Rubrique des services financés"),
        queryset=_reference(Rubrique),
        method="filtrer_rubrique",
    )
    statut_vise = filters.ModelChoiceFilter(
        label=_("Statut d'immigration visé"),
        queryset=_reference(StatutImmigration),
        method="filtrer_statut_vise",
    )
    agent = AgentFilter(label=_("Agent responsable"), queryset=lambda request: agents())
    montant_min = MontantFilter(
        label=_("Montant accordé minimum"), field_name="montant_accorde", lookup_expr="gte"
    )
    montant_max = MontantFilter(
        label=_("Montant accordé maximum"), field_name="montant_accorde", lookup_expr="lte"
    )

    class Meta:
        model = Subvention
        fields = []

    def filtrer_exercice(self, queryset, name, value):
        return queryset.avec_argent_en(value)

    def filtrer_rubrique(self, queryset, name, value):
        return queryset.filter(
            Exists(
                ServiceFinance.objects.filter(subvention=OuterRef("pk"), service__rubrique=value)
            )
        )

    def filtrer_statut_vise(self, queryset, name, value):
        return queryset.filter(
            Exists(
                ServiceFinance.objects.filter(
                    subvention=OuterRef("pk"), service__statuts_vises=value
                )
            )
        )


class ProgrammeFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Recherche"), field_name="nom", lookup_expr="icontains")
    source_financement = filters.ChoiceFilter(
        label=_("Source de financement"), choices=Programme.Source.choices
    )
    actif = OuiNonFilter(label=_("Actif"))

    class Meta:
        model = Programme
        fields = ["q", "source_financement", "actif"]


class OrganismeListeFilter(filtres_organismes.OrganismeFilter):
    """The organisations list: the organisation's own criteria, and its grants' exercice."""

    exercice = ExerciceFilter(label=_("A une subvention en l'exercice"), method="filtrer_exercice")

    class Meta(filtres_organismes.OrganismeFilter.Meta):
        fields = [*filtres_organismes.OrganismeFilter.Meta.fields, "exercice"]

    def filtrer_exercice(self, queryset, name, value):
        # Exists() rather than a join: an organisation with several matching grants stays one row.
        return queryset.filter(
            Exists(Subvention.objects.filter(organisme=OuterRef("pk")).avec_argent_en(value))
        )
