import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from noyau.formats import format_money

register = template.Library()


@register.filter
def money(value):
    """Montant en dollars canadiens selon la langue active: `1 234 567,89 $`."""
    return format_money(value)


@register.simple_tag
def deux_points():
    """The colon between a label and its value, as the active language writes it: after a
    non-breaking space in French (OQLF), glued in English. For a label and a value that no
    message holds together (« 2026 : <strong>1 000,00 $</strong> »)."""
    return "\u00a0:" if (get_language() or "fr").startswith("fr") else ":"


# A grant number, and a reference that holds one (DEMO-BINAM-2026-005-1).
NUMERO_DANS_TEXTE = re.compile(r"[\w-]*BINAM-\d{4}-\d{3,}[\w-]*")


@register.filter
def numeros_insecables(texte):
    """Free text (a history value) with its grant numbers kept on one line: in a narrow table,
    BINAM-2026-057 would otherwise break at its hyphens and no longer read as one number."""
    if not isinstance(texte, str):
        return texte
    return mark_safe(  # noqa: S308 - every piece is escaped
        NUMERO_DANS_TEXTE.sub(
            lambda m: f'<span class="sans-coupure">{m.group()}</span>', conditional_escape(texte)
        )
    )


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


@register.tag
def defilante(parser, token):
    """`{% defilante "id-du-titre" %}<table>…</table>{% enddefilante %}`: the region in which a
    table wider than the screen scrolls, reachable by keyboard and named by the element whose id
    is given (a heading or the table's caption). noyau/table.html does the same for every
    django-tables2 table."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% defilante %} prend l'id de son titre.")
    contenu = parser.parse(("enddefilante",))
    parser.delete_first_token()
    # Several arguments are joined: {% defilante "section-" forloop.counter %}.
    return RegionDefilante(contenu, [parser.compile_filter(b) for b in bits[1:]])


class RegionDefilante(template.Node):
    def __init__(self, contenu, morceaux):
        self.contenu = contenu
        self.morceaux = morceaux

    def render(self, context):
        return format_html(
            '<div class="table-defilante" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
            "".join(str(m.resolve(context)) for m in self.morceaux),
            mark_safe(self.contenu.render(context)),  # noqa: S308 - rendered, hence escaped, template
        )
