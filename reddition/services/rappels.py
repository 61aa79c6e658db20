"""Reminders by email: reports falling due or overdue, organisation documents about to expire.

Run once a day (`manage.py envoyer_rappels`, README). Each day an obligation or a document has
at most one reminder that is due (`type_rappel_*`): a run on a day the cron missed sends that
one, never the series it missed. A reminder is recorded (RappelEnvoye) only once its email has
gone: a failure is logged and retried by the next run, a success is never sent twice.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.courriels import adresses_sans_doublons, courriels_contacts, envoyer_courriel, signature
from noyau.formats import date_longue
from organismes.models import Document
from subventions.models import Subvention

from ..models import Obligation, RappelEnvoye

journal = logging.getLogger(__name__)

R = RappelEnvoye.Type
AVANT_JOURS = 14
DOCUMENT_AVANT_JOURS = 30
# A document's expiry-day reminder still goes out this many days late (cron down), not later:
# a document long expired when the feature starts is the officer's business, not a mail's.
DOCUMENT_RATTRAPAGE_JOURS = 7
# Grants whose officer no longer follows the organisation's file.
STATUTS_SANS_SUIVI = (*Subvention.STATUTS_ABANDONNES, Subvention.Statut.FERMEE)


@dataclass
class Rappel:
    cle: str  # for the log: "obligation 12" / "document 4"
    type: str
    destinataires: list[str]
    sujet: str
    corps: str
    obligation: Obligation | None = None
    document: Document | None = None


@dataclass
class Bilan:
    envoyes: int = 0
    echecs: int = 0
    ignores: int = 0


# --- Which reminder is due (pure functions of the dates) ---------------------------------------


def type_rappel_obligation(echeance: datetime.date, aujourd_hui: datetime.date) -> str | None:
    jours = (aujourd_hui - echeance).days
    if -AVANT_JOURS <= jours <= 0:
        return R.AVANT_14
    if 1 <= jours < 8:
        return R.RETARD_1
    if jours >= 8:
        # Days 8-14 are week 1, 15-21 week 2...: the weekly reminder of days 8, 15, 22...
        return f"retard_semaine_{(jours - 1) // 7}"
    return None


def type_rappel_document(validite: datetime.date, aujourd_hui: datetime.date) -> str | None:
    jours = (validite - aujourd_hui).days
    if 0 < jours <= DOCUMENT_AVANT_JOURS:
        return R.DOCUMENT_30
    if -DOCUMENT_RATTRAPAGE_JOURS <= jours <= 0:
        return R.DOCUMENT_0
    return None


# --- Selectors ---------------------------------------------------------------------------------


def obligations_a_rappeler(aujourd_hui: datetime.date):
    """Obligations still owed whose due date is at most AVANT_JOURS days away (or past)."""
    return (
        Obligation.objects.filter(
            statut__in=Obligation.STATUTS_DUS,
            date_echeance__lte=aujourd_hui + datetime.timedelta(days=AVANT_JOURS),
        )
        .exclude(subvention__statut__in=Subvention.STATUTS_ABANDONNES)
        .select_related("subvention", "subvention__organisme", "subvention__agent")
        .prefetch_related("subvention__organisme__contacts")
        .order_by("date_echeance", "pk")
    )


def documents_a_rappeler(aujourd_hui: datetime.date):
    """Documents of active organisations expiring soon (or just expired), unless a document of
    the same type already runs longer (the organisation replaced it)."""
    documents = Document.objects.filter(
        organisme__actif=True,
        date_validite__gte=aujourd_hui - datetime.timedelta(days=DOCUMENT_RATTRAPAGE_JOURS),
        date_validite__lte=aujourd_hui + datetime.timedelta(days=DOCUMENT_AVANT_JOURS),
    ).select_related("organisme")
    remplaces = Document.objects.filter(
        organisme=OuterRef("organisme"),
        type=OuterRef("type"),
        date_validite__gt=OuterRef("date_validite"),
    )
    return (
        documents.exclude(Exists(remplaces))
        .prefetch_related("organisme__contacts")
        .order_by("date_validite", "pk")
    )


def courriels_agents(organisme) -> list[str]:
    return list(
        Subvention.objects.filter(organisme=organisme, agent__isnull=False)
        .exclude(statut__in=STATUTS_SANS_SUIVI)
        .exclude(agent__email="")
        .order_by("agent__email")
        .values_list("agent__email", flat=True)
        .distinct()
    )


# --- Texts -------------------------------------------------------------------------------------


def _date(valeur) -> str:
    return date_longue(valeur)


def texte_obligation(obligation, type_rappel, aujourd_hui) -> tuple[str, str]:
    subvention = obligation.subvention
    valeurs = {
        "type": obligation.get_type_display(),
        "date": _date(obligation.date_echeance),
        "numero": subvention.numero,
    }
    pluriel = obligation.type == Obligation.Type.ETATS_FINANCIERS  # "États financiers dus"
    if type_rappel == R.AVANT_14:
        sujet = (
            _("%(type)s dus le %(date)s — %(numero)s")
            if pluriel
            else _("%(type)s dû le %(date)s — %(numero)s")
        ) % valeurs
        intro = _(
            "Ce courriel rappelle une obligation de reddition de comptes qui arrive à échéance."
        )
    else:
        sujet = (
            _("En retard : %(type)s dus le %(date)s — %(numero)s")
            if pluriel
            else _("En retard : %(type)s dû le %(date)s — %(numero)s")
        ) % valeurs
        jours = (aujourd_hui - obligation.date_echeance).days
        intro = ngettext(
            "L'obligation de reddition de comptes ci-dessous est en retard de %(jours)d jour.",
            "L'obligation de reddition de comptes ci-dessous est en retard de %(jours)d jours.",
            jours,
        ) % {"jours": jours}
    lignes = [
        _("Bonjour,"),
        "",
        intro,
        "",
        _("Subvention : %(numero)s — %(titre)s") % {**valeurs, "titre": subvention.titre},
        _("Organisme : %(organisme)s") % {"organisme": subvention.organisme},
        _("Obligation : %(type)s") % valeurs,
        _("Date d'échéance : %(date)s") % valeurs,
    ]
    if obligation.statut == Obligation.Statut.A_CORRIGER:
        lignes.append(_("Statut : renvoyé pour correction"))
    lignes += ["", _("Si le document a déjà été transmis, vous pouvez ignorer ce message.")]
    return sujet, "\n".join(lignes) + signature()


def texte_document(document, type_rappel) -> tuple[str, str]:
    valeurs = {
        "titre": document.titre,
        "type": document.get_type_display(),
        "date": _date(document.date_validite),
        "organisme": document.organisme,
    }
    if type_rappel == R.DOCUMENT_30:
        sujet = _("Document à renouveler avant le %(date)s — %(organisme)s") % valeurs
        intro = _("Un document de votre dossier arrive bientôt à expiration.")
    else:
        sujet = _("Document à remplacer : valide jusqu'au %(date)s — %(organisme)s") % valeurs
        intro = _("Un document de votre dossier arrive à expiration.")
    lignes = [
        _("Bonjour,"),
        "",
        intro,
        "",
        _("Organisme : %(organisme)s") % valeurs,
        _("Document : %(titre)s (%(type)s)") % valeurs,
        _("Valide jusqu'au : %(date)s") % valeurs,
        "",
        _("Merci de transmettre un document à jour au BINAM."),
    ]
    return sujet, "\n".join(lignes) + signature()


# --- What is due today -------------------------------------------------------------------------


def rappels_dus(aujourd_hui: datetime.date, langue: str | None = None) -> list[Rappel]:
    """Reminders due today and not sent yet, their texts written in `langue` (French: contacts
    have no language of their own, and accounts none either)."""
    langue = langue or settings.LANGUAGE_CODE
    deja = set(RappelEnvoye.objects.values_list("obligation_id", "document_id", "type").iterator())
    rappels = []
    with translation.override(langue):
        for obligation in obligations_a_rappeler(aujourd_hui):
            type_rappel = type_rappel_obligation(obligation.date_echeance, aujourd_hui)
            if type_rappel is None or (obligation.pk, None, type_rappel) in deja:
                continue
            subvention = obligation.subvention
            adresses = courriels_contacts(subvention.organisme)
            if subvention.agent and subvention.agent.email:
                adresses.append(subvention.agent.email)
            sujet, corps = texte_obligation(obligation, type_rappel, aujourd_hui)
            rappels.append(
                Rappel(
                    f"obligation {obligation.pk}",
                    type_rappel,
                    adresses_sans_doublons(adresses),
                    sujet,
                    corps,
                    obligation=obligation,
                )
            )
        for document in documents_a_rappeler(aujourd_hui):
            type_rappel = type_rappel_document(document.date_validite, aujourd_hui)
            if type_rappel is None or (None, document.pk, type_rappel) in deja:
                continue
            adresses = courriels_contacts(document.organisme) + courriels_agents(document.organisme)
            sujet, corps = texte_document(document, type_rappel)
            rappels.append(
                Rappel(
                    f"document {document.pk}",
                    type_rappel,
                    adresses_sans_doublons(adresses),
                    sujet,
                    corps,
                    document=document,
                )
            )
    return rappels


# --- Service -----------------------------------------------------------------------------------


def rappels_envoyer(*, aujourd_hui=None, simulation=False, afficher=None) -> Bilan:
    """Sends today's due reminders and records each one that went out.

    `simulation` (--dry-run) sends and writes nothing and hands each reminder to `afficher`.
    """
    aujourd_hui = aujourd_hui or timezone.localdate()
    bilan = Bilan()
    for rappel in rappels_dus(aujourd_hui):
        if not rappel.destinataires:
            journal.warning("Rappel %s (%s) ignoré : aucun courriel", rappel.type, rappel.cle)
            bilan.ignores += 1
            continue
        if simulation:
            if afficher:
                afficher(rappel)
            bilan.envoyes += 1
            continue
        try:
            envoyer_courriel(
                a=rappel.destinataires,
                sujet=rappel.sujet,
                corps=rappel.corps,
                langue=settings.LANGUAGE_CODE,
            )
        except (smtplib.SMTPException, OSError):
            journal.exception("Rappel %s (%s) non envoyé", rappel.type, rappel.cle)
            bilan.echecs += 1
            continue
        try:
            with transaction.atomic():
                RappelEnvoye.objects.create(
                    obligation=rappel.obligation,
                    document=rappel.document,
                    type=rappel.type,
                    destinataires=", ".join(rappel.destinataires),
                )
        except IntegrityError:
            # Another run sent the same one meanwhile: nothing to undo, and nothing to retry.
            journal.warning("Rappel %s (%s) déjà enregistré", rappel.type, rappel.cle)
        journal.info(
            "Rappel %s (%s) envoyé à %s",
            rappel.type,
            rappel.cle,
            ", ".join(rappel.destinataires),
        )
        bilan.envoyes += 1
    return bilan
