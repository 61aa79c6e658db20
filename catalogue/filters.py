"""Filters of the integration services list.

The list is staff-only (catalogue.voir_services), so the choice querysets are not scoped to a
user; they are ordered and load only the columns their labels need. Conditions on the statuts
and territoires use `Exists()` rather than joins, so a service is never repeated.
"""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from noyau.filters import RechercheFilter
from organismes.autocompletion import OrganismeFilter, organismes_a_choisir
from referentiel.models import Rubrique, StatutImmigration, Territoire

from .models import ServiceIntegration


def _reference(modele):
    return modele.objects.only("pk", "nom").order_by("ordre", "nom")


class StatutTerritoireMixin:
    """A service's immigration status and territory filters (the staff list and the public
    directory): `Exists()` on the many-to-many tables, so a service is never repeated."""

    def filtrer_statut(self, queryset, name, value):
        through = ServiceIntegration.statuts_vises.through
        return queryset.filter(
            Exists(
                through.objects.filter(serviceintegration=OuterRef("pk"), statutimmigration=value)
            )
        )

    def filtrer_territoire(self, queryset, name, value):
        through = ServiceIntegration.territoires.through
        return queryset.filter(
            Exists(through.objects.filter(serviceintegration=OuterRef("pk"), territoire=value))
        )


class ServiceFilter(StatutTerritoireMixin, filters.FilterSet):
    q = RechercheFilter(
        label=_("Recherche (service, organisme, lieu)"),
        champs=["nom", "lieu", "organisme__nom_legal", "organisme__nom_usage"],
    )
    organisme = OrganismeFilter(label=_("Organisme"), queryset=organismes_a_choisir())
    rubrique = filters.ModelChoiceFilter(label=_("Rubrique"), queryset=_reference(Rubrique))
    statut = filters.ModelChoiceFilter(
        label=_("Statut d'immigration visé"),
        queryset=_reference(StatutImmigration),
        method="filtrer_statut",
    )
    territoire = filters.ModelChoiceFilter(
        label=_("Territoire"),
        queryset=Territoire.objects.only("pk", "nom").order_by("type", "nom"),
        method="filtrer_territoire",
    )
    actif = filters.BooleanFilter(
        label=_("Actif"),
        widget=forms.Select(choices=[("", _("Tous")), ("true", _("Oui")), ("false", _("Non"))]),
    )

    class Meta:
        model = ServiceIntegration
        fields = []
