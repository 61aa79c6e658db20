"""Grant pieces that other apps' pages show, composed in the template so that those apps need
not import the grants (they come before them): an organisation's grants table (its page and the
partner portal), the grants that fund a service (the catalogue's page), and what stands for an
amount one may not see yet."""

from django import template
from django.utils.translation import gettext_lazy as _

from noyau.listes import table_de_page

from .. import selectors
from ..tables import SubventionsOrganismeTable, montant_non_decide

register = template.Library()
register.filter("montant_non_decide", montant_non_decide)


@register.simple_tag(takes_context=True)
def financements_du_service(context, service):
    """The funded lines of `service` among the grants the reader may see."""
    return selectors.financements_du_service(service=service, user=context["request"].user)


@register.inclusion_tag("subventions/_subventions_organisme.html", takes_context=True)
def subventions_de_organisme(context, organisme):
    request = context["request"]
    subventions = selectors.subventions_de_organisme(user=request.user, organisme=organisme)
    table = table_de_page(SubventionsOrganismeTable, subventions, request, prefix="subventions-")
    return {
        "request": request,
        "table": table,
        "legende": _("Subventions de l'organisme"),
        "subventions": subventions,
        "totaux": selectors.totaux_subventions(subventions=subventions),
    }
