"""The call's last step on other pages: the ranking's button and its grants, a grant's origin.

The grant's page (subventions/detail.html) includes `appels/conversion/_origine_subvention.html`
as it includes the pages of versements and reddition: the template reaches forward, the code of
subventions never imports this app."""

from django import template

from noyau.permissions import verdict

from ..selectors.conversion import origine_de, subventions_de_l_appel

register = template.Library()


@register.simple_tag(takes_context=True)
def conversion_de(context, appel):
    """{"verdict": may the user run the action now (with its reason), "demandes": the call's
    applications that became grants}."""
    return {
        "verdict": verdict(context["request"].user, "appels.convertir", appel),
        "demandes": subventions_de_l_appel(appel),
    }


@register.simple_tag
def origine_de_subvention(subvention):
    return origine_de(subvention)
