"""The e-mails of an application's steps (submission, screening, letter): sent to the
organisation's contacts once the transaction has committed, never undoing the step when lost."""

import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import translation

from noyau.courriels import adresses_sans_doublons, courriels_contacts, envoyer_courriel

from ..models import Demande

journal = logging.getLogger(__name__)


def destinataires(demande, par=None) -> list[str]:
    """The organisation's contacts' addresses, and `par`'s, each once."""
    adresses = courriels_contacts(demande.organisme)
    if par is not None and par.email:
        adresses.append(par.email)
    return adresses_sans_doublons(adresses)


def courriel_apres_validation(ecrire, demande, a):
    """`ecrire(demande)` gives (sujet, corps), written in the site's language and sent to `a`
    once the transaction has committed."""
    if not a:
        return
    pk = demande.pk

    def envoyer():
        with translation.override(settings.LANGUAGE_CODE):
            sujet, corps = ecrire(Demande.objects.select_related("appel").get(pk=pk))
        try:
            envoyer_courriel(a=a, sujet=sujet, corps=corps)
        except (smtplib.SMTPException, OSError):
            # The step is done and recorded; a lost notice must not undo it.
            journal.exception("Courriel non envoyé pour la demande %s", pk)

    transaction.on_commit(envoyer)
