"""Choosing one organisation among thousands: the suggestions endpoint's search, the words that
name an organisation unambiguously, the form field and the list filter built on them."""

import re

import django_filters as filters
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from noyau.autocompletion import AutocompletionField

from .models import Organisme, nom_affiche
from .validators import normaliser_neq

MAX_SUGGESTIONS = 20
# The NEQ closing a label: "Carrefour d'accueil (1145678901)".
_NEQ_EN_FIN = re.compile(r"\((\d{10})\)\s*$")


# What the label reads (libelle_organisme): a typed filter's organisations load nothing more.
CHAMPS_DU_LIBELLE = ("pk", "nom_legal", "nom_usage", "neq")


def organismes_a_choisir():
    """Every organisation, with only what its label reads: the queryset behind a typed filter."""
    return Organisme.objects.only(*CHAMPS_DU_LIBELLE)


def libelle_organisme(organisme):
    """Its name and NEQ: two organisations may share a name, never a NEQ."""
    return f"{organisme} ({organisme.neq})"


def organismes_exacts(queryset, texte):
    """The organisation a label, a NEQ or a whole name designates."""
    texte = texte.strip()
    trouve = _NEQ_EN_FIN.search(texte)
    if trouve:
        return queryset.filter(neq=trouve.group(1))
    chiffres = normaliser_neq(texte)
    if chiffres.isdigit() and len(chiffres) == 10:
        return queryset.filter(neq=chiffres)
    return queryset.filter(Q(nom_legal__iexact=texte) | Q(nom_usage__iexact=texte))


def organismes_correspondants(queryset, texte):
    """Suggestions for a typed text: part of a name, or the first digits of a NEQ."""
    texte = texte.strip()
    chiffres = normaliser_neq(texte)
    if chiffres.isdigit():
        condition = Q(neq__startswith=chiffres)
    else:
        condition = Q(nom_legal__icontains=texte) | Q(nom_usage__icontains=texte)
    return queryset.filter(condition).only(*CHAMPS_DU_LIBELLE).order_by(nom_affiche().asc(), "pk")


class OrganismeField(AutocompletionField):
    url = reverse_lazy("organismes:autocompletion")
    default_error_messages = {
        "inconnu": _(
            "Aucun organisme ne correspond à « %(texte)s ». Saisissez une partie du nom ou "
            "le NEQ (10 chiffres)."
        ),
        "ambigu": _(
            "Plusieurs organismes correspondent à « %(texte)s ». Précisez le nom ou saisissez "
            "le NEQ (10 chiffres)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Tapez une partie du nom ou le NEQ, puis choisissez une suggestion.")
        )
        super().__init__(**kwargs)

    @staticmethod
    def libelle(objet):
        return libelle_organisme(objet)

    def exacts(self, queryset, texte):
        return organismes_exacts(queryset, texte)

    def chercher(self, queryset, texte):
        return organismes_correspondants(queryset, texte)


class OrganismeActifField(OrganismeField):
    """For a new file: only active organisations are suggested and accepted."""

    url = format_lazy("{}?actifs=1", reverse_lazy("organismes:autocompletion"))


class OrganismeFilter(filters.Filter):
    """A list filter on one organisation, typed (see OrganismeField), for lists of rows that
    have an `organisme` (grants, services)."""

    field_class = OrganismeField

    def __init__(self, *args, queryset, **kwargs):
        kwargs.setdefault("field_name", "organisme")
        super().__init__(*args, queryset=queryset, **kwargs)
