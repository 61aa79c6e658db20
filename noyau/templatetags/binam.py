from django import template

from noyau.formats import format_money

register = template.Library()


@register.filter
def money(value):
    """Montant en dollars canadiens selon la langue active: `1 234 567,89 $`."""
    return format_money(value)


@register.simple_tag(takes_context=True)
def url_with(context, **kwargs):
    """Current URL with some query parameters replaced (keeps filters when exporting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


@register.inclusion_tag("noyau/_solde.html")
def solde(montant):
    """A balance: below zero it says "Dépassement" in words and in colour, never by colour or a
    minus sign alone (WCAG 1.4.1)."""
    return {"montant": montant, "depasse": montant is not None and montant < 0}
