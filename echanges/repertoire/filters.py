"""Filters of the public directory: immigration status, rubrique, territory.

Values are the reference data's stable codes (`?statut=demandeur-asile&territoire=montreal-nord`)
rather than database ids: the guide and the Station's screens keep links that mean the same thing
after a database reload, and a person can read them. Only active reference items are offered.
"""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from catalogue.filters import StatutTerritoireMixin
from catalogue.models import ServiceIntegration
from referentiel.models import Rubrique, StatutImmigration, Territoire

# The query parameters the directory understands, in the order they appear in its links.
PARAMETRES = ("statut", "territoire", "rubrique")


def _choix(modele, *ordre, champs=()):
    return modele.objects.actifs().only("pk", "code", "nom", "nom_en", *champs).order_by(*ordre)


class RepertoireFilter(StatutTerritoireMixin, filters.FilterSet):
    statut = filters.ModelChoiceFilter(
        label=_("Statut d'immigration"),
        queryset=_choix(StatutImmigration, "ordre", "nom"),
        to_field_name="code",
        empty_label=_("Tous les statuts"),
        method="filtrer_statut",
    )
    territoire = filters.ModelChoiceFilter(
        label=_("Arrondissement ou municipalité"),
        queryset=_choix(Territoire, "type", "nom", champs=["type"]),
        to_field_name="code",
        empty_label=_("Tous les territoires"),
        method="filtrer_territoire",
    )
    rubrique = filters.ModelChoiceFilter(
        label=_("Rubrique"),
        queryset=_choix(Rubrique, "ordre", "nom"),
        to_field_name="code",
        empty_label=_("Toutes les rubriques"),
    )

    class Meta:
        model = ServiceIntegration
        fields = []
