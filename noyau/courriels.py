"""One way to send the application's emails (reminders today, review notices later)."""

from django.conf import settings
from django.core.mail import EmailMessage


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
