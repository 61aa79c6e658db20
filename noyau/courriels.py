"""One way to send the application's emails, and what they all share: whom to write to (an
organisation's contacts, each address once) and how a mail ends."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _


def lien(chemin: str) -> str:
    """A page's full address for an email (`/reddition/…` → `https://…/reddition/…`): an email
    is read outside the application, where a path alone leads nowhere."""
    return settings.ADRESSE_DU_SITE.rstrip("/") + chemin


def envoyer_courriel(*, a, sujet, corps, langue=None) -> None:
    """Sends one plain-text email to the addresses `a`, from DEFAULT_FROM_EMAIL.

    The caller writes `sujet` and `corps` in `langue` (translation.override); the header tells
    mail clients which language it is. Errors propagate (smtplib.SMTPException, OSError): the
    caller decides whether a failure is recorded, retried or fatal.
    """
    langue = langue or settings.LANGUAGE_CODE
    message = EmailMessage(
        subject=sujet,
        body=corps,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(a),
        headers={"Content-Language": langue},
    )
    message.send(fail_silently=False)


def courriels_contacts(organisme) -> list[str]:
    return [c.courriel for c in organisme.contacts.all() if c.courriel]


def adresses_sans_doublons(adresses) -> list[str]:
    """Each address once (case aside), in the order first given."""
    vues, resultat = set(), []
    for adresse in adresses:
        if adresse.lower() not in vues:
            vues.add(adresse.lower())
            resultat.append(adresse)
    return resultat


def signature() -> str:
    return "\n\n— " + _("Bureau d'intégration des nouveaux arrivants à Montréal (BINAM)")
