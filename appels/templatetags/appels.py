from django import template

from noyau.permissions import peut

from ..heures import cloture_en_mots as _cloture
from ..heures import moment_en_mots as _moment
from ..heures import ouverture_en_mots as _ouverture

register = template.Library()


@register.filter
def cloture_en_mots(appel):
    """`{{ appel|cloture_en_mots }}` → « ferme le 18 mars 2027 à 16 h 00 (heure de Montréal) »."""
    return _cloture(appel)


@register.filter
def ouverture_en_mots(appel):
    return _ouverture(appel)


@register.filter
def heure_montreal(moment):
    return _moment(moment) if moment else ""


@register.simple_tag(takes_context=True)
def etat_de_demande(context, demande):
    """The application's state as the reader may know it (rule appels.voir_decision): before the
    call is decided, an organisation reads « Recevable » where the committee already decided."""
    if peut(context["request"].user, "appels.voir_decision", demande):
        return demande.get_etat_display()
    return demande.get_etat_communique_display()
