"""The integration services of an organisation, shown on its page: composed in the template so
that organismes (which comes before the catalogue) need not import it."""

from django import template

from noyau.permissions import peut

from .. import selectors

register = template.Library()


@register.inclusion_tag("catalogue/_services_organisme.html", takes_context=True)
def services_de_organisme(context, organisme):
    user = context["request"].user
    if not peut(user, "catalogue.voir_services"):
        return {"visible": False}
    services = list(
        selectors.services_de_organisme(user=user, organisme=organisme)[
            : selectors.SERVICES_PAR_ORGANISME + 1
        ]
    )
    return {
        "visible": True,
        "organisme": organisme,
        "services": services[: selectors.SERVICES_PAR_ORGANISME],
        "tronque": len(services) > selectors.SERVICES_PAR_ORGANISME,
        "peut_creer": peut(user, "catalogue.gerer_services") and organisme.actif,
    }
