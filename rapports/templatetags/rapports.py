"""The reports' figures on the other apps' pages: the programme page (an app listed before this
one, which cannot import it) shows the same enveloppe, engagé, versé and solde as the dashboard
by reading them here, from rapports.selectors.situation."""

from django import template

from rapports import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def situation_du_programme(context, programme):
    """`{% situation_du_programme programme as situation %}`: {"lignes", "total"} per exercice
    for whoever may read the programme page (`subventions.voir_programmes`)."""
    return selectors.situation(
        user=context["request"].user,
        filtres=selectors.Filtres(programme=programme),
        permission="subventions.voir_programmes",
    )
