"""An organisation not yet known registers online: its account waits for its e-mail to be
confirmed (the activation link), then the organisation waits for an agent's verification
(`organismes.services.organisme_verifier`) before an application of it may be retained.

The link is Django's password-reset token with its own salt: signed with SECRET_KEY, it expires
after PASSWORD_RESET_TIMEOUT, and it stops working once the account is active (its activity is
part of what is signed), so a link serves once.
"""

import logging
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptes.roles import Role
from comptes.services import roles_journaliser
from noyau.courriels import envoyer_courriel, lien
from noyau.historique import auteur

from .models import Contact, Membre, Organisme
from .validators import normaliser_neq

journal = logging.getLogger(__name__)
User = get_user_model()


class JetonActivation(PasswordResetTokenGenerator):
    key_salt = "organismes.inscription.JetonActivation"

    def _make_hash_value(self, user, timestamp):
        # The account's activity and last sign-in: once active (or used), the link is spent.
        connexion = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
        return f"{user.pk}{user.password}{user.is_active}{connexion}{timestamp}"


jeton_activation = JetonActivation()


def courriel_du_binam() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def jours_de_validite() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def raison_neq_connu(organisme) -> str:
    # Says that the organisation has an account and whom to ask, never who its members are.
    return _(
        "Un compte existe déjà pour l'organisme « %(nom)s » (NEQ %(neq)s). La personne de "
        "votre organisme qui utilise le portail peut vous renseigner; pour obtenir votre propre "
        "accès, écrivez au BINAM à %(courriel)s."
    ) % {"nom": organisme.nom_legal, "neq": organisme.neq, "courriel": courriel_du_binam()}


def raison_courriel_connu() -> str:
    return _(
        "Cette adresse courriel est déjà celle d'un compte. Connectez-vous, ou choisissez « Mot "
        "de passe oublié? » sur la page de connexion."
    )


def organisme_inscrire(*, neq, nom_legal, prenom, nom, courriel, mot_de_passe) -> Membre:
    """Registers an organisation not yet known: the organisation "à vérifier" (no
    `verifie_le`), its main contact, an inactive partner account (its user name is the e-mail)
    and the link between them. A NEQ or an e-mail already known is refused with the reason, and
    nothing is written. The caller sends the activation link (`inscription_envoyer_lien`)."""
    neq, courriel = normaliser_neq(neq), courriel.strip()
    erreurs = {}
    connu = Organisme.objects.filter(neq=neq).first()
    if connu is not None:
        erreurs["neq"] = raison_neq_connu(connu)
    if User.objects.filter(Q(email__iexact=courriel) | Q(username__iexact=courriel)).exists():
        erreurs["courriel"] = raison_courriel_connu()
    if erreurs:
        raise ValidationError(erreurs)
    try:
        with transaction.atomic():
            user = User(
                username=courriel.lower(),
                email=courriel,
                first_name=prenom,
                last_name=nom,
                is_active=False,
            )
            user.set_password(mot_de_passe)
            user.save()
            user.groups.add(Group.objects.get(name=Role.PARTENAIRE))
            roles_journaliser(utilisateur=user, avant=set(), apres={Role.PARTENAIRE}, par=None)
            organisme = Organisme(neq=neq, nom_legal=nom_legal, courriel=courriel, verifie_le=None)
            organisme.full_clean()
            auteur(organisme, user, _("Inscription en ligne"))
            organisme.save()
            contact = Contact(
                organisme=organisme, nom=f"{prenom} {nom}", courriel=courriel, principal=True
            )
            contact.full_clean()
            auteur(contact, user).save()
            membre = Membre(user=user, organisme=organisme)
            auteur(membre, user).save()
    except IntegrityError as erreur:
        # Someone registered the same NEQ or e-mail between the check and the write.
        connu = Organisme.objects.filter(neq=neq).first()
        if connu is not None:
            raise ValidationError({"neq": raison_neq_connu(connu)}) from erreur
        raise ValidationError({"courriel": raison_courriel_connu()}) from erreur
    return membre


def lien_activation(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return lien(reverse("inscription:activer", args=[uid, jeton_activation.make_token(user)]))


def inscription_envoyer_lien(*, user) -> bool:
    """E-mails the activation link to the account's address, in the language of the page the
    person used. False when the mail server refused it (logged): the page then says so."""
    jours = jours_de_validite()
    corps = _(
        "Bonjour %(prenom)s,\n\n"
        "Vous avez inscrit l'organisme « %(organisme)s » au portail des subventions du BINAM. "
        "Pour activer votre compte, ouvrez ce lien :\n\n%(lien)s\n\n"
    ) % {
        "prenom": user.first_name,
        "organisme": user.membre.organisme.nom_legal,
        "lien": lien_activation(user),
    }
    corps += ngettext(
        "Ce lien est valide %(n)s jour et ne sert qu'une fois.",
        "Ce lien est valide %(n)s jours et ne sert qu'une fois.",
        jours,
    ) % {"n": jours}
    corps += _(
        " Votre nom d'utilisateur est votre adresse courriel. Un agent du BINAM vérifiera "
        "ensuite votre organisme avant qu'une demande puisse être retenue.\n\n"
        "Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.\n"
    )
    try:
        envoyer_courriel(
            a=[user.email],
            sujet=_("Activez votre compte au portail du BINAM"),
            corps=corps,
            langue=translation.get_language(),
        )
    except (smtplib.SMTPException, OSError):
        journal.exception("Lien d'activation non envoyé au compte %s", user.pk)
        return False
    return True


# What an activation link says about its account.
VALIDE, DEJA_ACTIF, EXPIRE, INVALIDE = "valide", "deja_actif", "expire", "invalide"


def compte_du_lien(uidb64, jeton, *, verrouiller=False):
    """(account, state): the account the link names, if it is a registered partner's, and
    whether the link may activate it (VALIDE), it is active already, or the link expired or
    was altered (both EXPIRE: a forged signature and an old one read the same)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None, INVALIDE
    comptes = User.objects.filter(pk=pk, membre__isnull=False)
    if verrouiller:
        comptes = comptes.select_for_update()
    user = comptes.first()
    if user is None:
        return None, INVALIDE
    if user.is_active:
        return user, DEJA_ACTIF
    if not jeton_activation.check_token(user, jeton):
        return user, EXPIRE
    return user, VALIDE


def inscription_activer(*, uidb64, jeton):
    """Activates the account the link names, once: an expired, altered or spent link is
    refused with the reason, and nothing changes."""
    with transaction.atomic():
        user, etat = compte_du_lien(uidb64, jeton, verrouiller=True)
        if etat != VALIDE:
            raise ValidationError(raison_lien(etat))
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def raison_lien(etat) -> str:
    if etat == DEJA_ACTIF:
        return _("Ce compte est déjà activé : connectez-vous avec votre adresse courriel.")
    if etat == EXPIRE:
        return ngettext(
            "Ce lien d'activation a expiré ou il est incomplet (un lien est valide %(n)s jour). "
            "Demandez un nouveau lien ci-dessous.",
            "Ce lien d'activation a expiré ou il est incomplet (un lien est valide %(n)s jours). "
            "Demandez un nouveau lien ci-dessous.",
            jours_de_validite(),
        ) % {"n": jours_de_validite()}
    return _(
        "Ce lien d'activation n'est pas valide. Vérifiez que vous avez copié le lien complet "
        "reçu par courriel, ou écrivez au BINAM à %(courriel)s."
    ) % {"courriel": courriel_du_binam()}
