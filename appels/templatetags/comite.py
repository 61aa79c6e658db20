"""The committee's progress on a call's staff page: `{% avancement_comite appel %}` (the page's
view stays the call's; the table reads its own rows, four queries)."""

from django import template

from noyau.forms import MontantInput
from noyau.permissions import verdict

from ..selectors.comite import avancement_comite as _avancement

register = template.Library()


@register.inclusion_tag("appels/comite/_avancement.html", takes_context=True)
def avancement_comite(context, appel):
    user = context["request"].user
    return {
        "appel": appel,
        "lignes": _avancement(appel=appel),
        "relancer": verdict(user, "appels.relancer", appel),
        "deliberer": verdict(user, "appels.deliberer", appel),
        "csrf_token": context.get("csrf_token"),
    }


_MONTANT = MontantInput()


@register.filter
def montant_saisi(montant):
    """An amount as its input shows it (« 12 500,00 »), without rendering a widget."""
    return _MONTANT.format_value(montant)
