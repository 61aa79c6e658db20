from django import template

from noyau.permissions import peut

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def obligations_de(context, subvention):
    """The grant's obligations for its page, or None when the reader may not see them."""
    user = context["request"].user
    if not peut(user, "reddition.voir_obligations", subvention):
        return None
    return selectors.obligations_de_subvention(user=user, subvention=subvention)


@register.inclusion_tag("reddition/_participants_subvention.html", takes_context=True)
def participants_de(context, subvention):
    """The grant page's reached vs target, for whoever may see the grant's reports; the targets
    are the page's own (`cibles`, the same selector's answer) when it has them."""
    user = context["request"].user
    if not peut(user, "reddition.voir_obligations", subvention):
        return {"atteints": None}
    return {"atteints": selectors.atteints_contre_cibles(subvention, context.get("cibles"))}
