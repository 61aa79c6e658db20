"""Instalment pieces that the grants' pages show, composed in the template so that the grants
app need not import this one (it comes before): a grant's schedule, and "versé" wherever a
page of an earlier app shows it (grant list, organisation, programme)."""

from django import template
from django.urls import reverse

from noyau.permissions import peut

from .. import selectors
from ..permissions import LIBELLES, actions_possibles, attente
from ..verification import ecarts_de_la_subvention

register = template.Library()


@register.inclusion_tag("versements/_echeancier.html", takes_context=True)
def echeancier(context, subvention):
    request = context["request"]
    user = request.user
    if not peut(user, "versements.voir_echeancier", subvention):
        return {"visible": False}
    versements = selectors.echeancier(subvention=subvention)
    for v in versements:
        v.actions = [
            (LIBELLES[a], reverse("versements:action", kwargs={"pk": v.pk, "action": a}))
            for a in actions_possibles(user, v)
        ]
        v.attente = attente(v)
    return {
        "visible": True,
        "request": request,
        "subvention": subvention,
        "versements": versements,
        "voit_motifs": peut(user, "versements.voir_motifs", subvention),
        "voit_lots": peut(user, "versements.voir_lots"),
        "verse": selectors.total_verse_subvention(subvention=subvention),
        "prevu": sum((v.montant for v in versements if v.statut != "annule"), 0),
        "conventions": list(subvention.conventions.all())
        if peut(user, "versements.telecharger_convention", subvention)
        else [],
        "peut_modifier": peut(user, "versements.modifier_echeancier", subvention),
        "modifications": selectors.modifications_echeancier(subvention=subvention)
        if peut(user, "versements.voir_modifications", subvention)
        else [],
        "voit_historique": peut(user, "subventions.voir_historique", subvention),
        "ecarts": ecarts_de_la_subvention(subvention)
        if peut(user, "subventions.voir_pages_internes", subvention)
        else [],
    }


@register.simple_tag
def total_verse(subventions, exercice=None):
    """`{% total_verse queryset as verse %}`: Σ paid for a QuerySet of grants, all years;
    `{% total_verse queryset exercice as verse %}`: what was paid in that exercice only."""
    return selectors.total_verse(subventions=subventions, exercice=exercice or None)
