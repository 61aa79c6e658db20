"""A call's moments in words, in Montréal time: « ferme le 18 mars 2027 à 16 h 00 (heure de
Montréal) ». The public page, the staff pages and (later) the application form say it so."""

from django.utils import timezone
from django.utils.translation import gettext

from noyau.formats import date_longue, heure

from .models import MONTREAL, EtatEffectif


def _montreal(moment):
    # Naive Montréal wall clock: the formatting below must not move it to another zone.
    return timezone.localtime(moment, MONTREAL).replace(tzinfo=None)


def moment_en_mots(moment) -> str:
    """`18 mars 2027 à 16 h 00 (heure de Montréal)`."""
    local = _montreal(moment)
    return gettext("%(date)s à %(heure)s (heure de Montréal)") % {
        "date": date_longue(local.date()),
        "heure": heure(local.time()),
    }


def cloture_en_mots(appel, maintenant=None) -> str:
    """The closing time as a sentence that fits the call's state now."""
    maintenant = maintenant or timezone.now()
    if appel.etat_effectif_a(maintenant) in (EtatEffectif.FERME, EtatEffectif.DECIDE):
        return gettext("fermé depuis le %(moment)s") % {"moment": moment_en_mots(appel.cloture)}
    return gettext("ferme le %(moment)s") % {"moment": moment_en_mots(appel.cloture)}


def ouverture_en_mots(appel, maintenant=None) -> str:
    maintenant = maintenant or timezone.now()
    if maintenant < appel.ouverture:
        return gettext("ouvre le %(moment)s") % {"moment": moment_en_mots(appel.ouverture)}
    return gettext("ouvert depuis le %(moment)s") % {"moment": moment_en_mots(appel.ouverture)}
