"""Every write on organisations, their contacts and documents.

Each service runs in one transaction, validates with `full_clean()` and records the acting user in
the history even outside a request (shell, demo loader), where the history middleware sees none.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from noyau.historique import auteur
from noyau.permissions import verdict
from noyau.versions import verifier_version

from .fichiers import verifier_fichier
from .models import Contact, Document, Organisme

CHAMPS_ORGANISME = frozenset(
    {
        "nom_legal",
        "nom_usage",
        "neq",
        "numero_bienfaisance",
        "forme_juridique",
        "adresse",
        "code_postal",
        "arrondissement",
        "courriel",
        "telephone",
        "site_web",
        "mission",
        "date_constitution",
        "actif",
    }
)
# What a partner may change on its own organisation: how to reach it and what it does. Never
# its identity (legal name, NEQ, legal form), its status, nor anything with money.
CHAMPS_PROFIL = frozenset(
    {"adresse", "code_postal", "courriel", "telephone", "site_web", "mission"}
)
CHAMPS_CONTACT = frozenset({"nom", "fonction", "courriel", "telephone", "principal"})


def _verifier_champs(champs, permis):
    inconnus = set(champs) - permis
    if inconnus:
        raise TypeError(f"Champs non modifiables: {', '.join(sorted(inconnus))}")


def organisme_creer(*, par, territoires_desservis=(), **champs) -> Organisme:
    """Creates an organisation. The NEQ is unique; identifiers are normalised by the model
    (`clean()`) before validation, so `1145-678-901` and `1145678901` are the same NEQ."""
    _verifier_champs(champs, CHAMPS_ORGANISME)
    # Known to BINAM from the start: the agent who creates it vouches for it.
    organisme = Organisme(**champs, verifie_par=par)
    organisme.full_clean()
    auteur(organisme, par)
    with transaction.atomic():
        organisme.save()
        organisme.territoires_desservis.set(territoires_desservis)
    return organisme


def organisme_modifier(
    *, organisme, par, version, territoires_desservis=None, raison=None, **champs
) -> Organisme:
    """Saves an edit only if nobody saved the organisation since the form was opened
    (`version`); otherwise raises `ConflitDeVersion` and changes nothing. Bumps the version.

    `version=None` skips the check: for scripts only, the edit form always sends one."""
    _verifier_champs(champs, CHAMPS_ORGANISME)
    with transaction.atomic():
        # The row lock makes "check the version, then write" one step for concurrent editors.
        courant = Organisme.objects.select_for_update().get(pk=organisme.pk)
        verifier_version(courant, version)
        for nom, valeur in champs.items():
            setattr(courant, nom, valeur)
        courant.version += 1
        courant.full_clean()
        auteur(courant, par, raison)
        courant.save()
        if territoires_desservis is not None:
            courant.territoires_desservis.set(territoires_desservis)
    return courant


def organisme_verifier(*, organisme, par, version) -> Organisme:
    """An agent or a manager records that a self-registered organisation was checked (its NEQ
    against the enterprise register): who and when, with the reason in the history. Refused,
    with the reason, on an organisation already verified or to anyone else
    (`organismes.verifier_organisme`); a stale form (`version`) changes nothing."""
    with transaction.atomic():
        courant = Organisme.objects.select_for_update().get(pk=organisme.pk)
        verdict(par, "organismes.verifier_organisme", courant).exiger()
        verifier_version(courant, version)
        courant.verifie_le = timezone.now()
        courant.verifie_par = par
        courant.version += 1
        auteur(courant, par, _("Organisme vérifié par un agent"))
        courant.save()
    return courant


def organisme_modifier_profil(
    *, organisme, par, version, territoires_desservis=None, **champs
) -> Organisme:
    """The partner's edit of its own profile: only the contact details, the mission and the
    territories served (CHAMPS_PROFIL); any other field is refused (TypeError) before anything
    is written. Same version check and history as `organisme_modifier`."""
    _verifier_champs(champs, CHAMPS_PROFIL)
    return organisme_modifier(
        organisme=organisme,
        par=par,
        version=version,
        territoires_desservis=territoires_desservis,
        raison=_("Modifié par l'organisme"),
        **champs,
    )


def _verrouiller(organisme_id):
    # Serialises principal switches on one organisation: two concurrent "make principal" would
    # otherwise both unset the old one and collide on the database constraint.
    return Organisme.objects.select_for_update().get(pk=organisme_id)


def _retirer_principal(*, organisme_id, sauf, par, nouveau):
    """Unsets the current principal contact through save(), so that the history shows who
    replaced whom (the database allows one principal per organisation)."""
    anciens = Contact.objects.filter(organisme_id=organisme_id, principal=True)
    if sauf is not None:
        anciens = anciens.exclude(pk=sauf)
    for ancien in anciens:
        ancien.principal = False
        auteur(ancien, par, _("Remplacé comme contact principal par %(nom)s") % {"nom": nouveau})
        ancien.save(update_fields=["principal"])


def contact_ajouter(*, organisme, par, **champs) -> Contact:
    """Adds a contact. A new principal contact replaces the previous one in the same
    transaction (one principal per organisation, also a database constraint)."""
    _verifier_champs(champs, CHAMPS_CONTACT)
    contact = Contact(organisme=organisme, **champs)
    with transaction.atomic():
        _verrouiller(organisme.pk)
        if contact.principal:
            _retirer_principal(organisme_id=organisme.pk, sauf=None, par=par, nouveau=contact.nom)
        contact.full_clean()
        auteur(contact, par)
        contact.save()
    return contact


def contact_modifier(*, contact, par, **champs) -> Contact:
    """Edits a contact; making it principal replaces the previous principal contact."""
    _verifier_champs(champs, CHAMPS_CONTACT)
    with transaction.atomic():
        _verrouiller(contact.organisme_id)
        courant = Contact.objects.get(pk=contact.pk)
        for nom, valeur in champs.items():
            setattr(courant, nom, valeur)
        if courant.principal:
            _retirer_principal(
                organisme_id=courant.organisme_id, sauf=courant.pk, par=par, nouveau=courant.nom
            )
        courant.full_clean()
        auteur(courant, par)
        courant.save()
    return courant


def contact_supprimer(*, contact, par) -> None:
    """Deletes a contact (no money is attached); the history keeps its last values."""
    auteur(contact, par)
    with transaction.atomic():
        contact.delete()


def document_televerser(
    *, organisme, par, type_document, titre, fichier, date_validite=None, remplace=None
) -> Document:
    """Stores a document in the private storage. Only PDF, PNG, JPEG, DOCX, XLSX and ODT up to
    10 Mo are accepted, and the content must match the extension (first bytes are checked)."""
    try:
        verifier_fichier(fichier)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.error_list}) from erreur
    document = Document(
        organisme=organisme,
        type=type_document,
        titre=titre,
        date_validite=date_validite,
        televerse_par=par,
        remplace=remplace,
    )
    document.full_clean(exclude=["fichier"])
    auteur(document, par)
    with transaction.atomic():
        document.fichier.save(fichier.name, fichier, save=False)
        try:
            document.save()
        except Exception:
            # A row that failed to save must not leave an orphan file in the private storage.
            document.fichier.delete(save=False)
            raise
    return document


def document_remplacer(*, document, par, fichier, titre="", date_validite=None) -> Document:
    """Adds a new version of a document (same organisation and type; the title is kept unless
    another is given). The replaced version, its file included, stays as history. A version is
    replaced once: under the row lock, a second replacement of the same version is refused."""
    with transaction.atomic():
        courant = Document.objects.select_for_update().get(pk=document.pk)
        if Document.objects.filter(remplace=courant).exists():
            raise ValidationError(
                _(
                    "Ce document a déjà été remplacé par une version plus récente : rechargez "
                    "la page."
                )
            )
        nouveau = document_televerser(
            organisme=courant.organisme,
            par=par,
            type_document=courant.type,
            titre=titre or courant.titre,
            fichier=fichier,
            date_validite=date_validite,
            remplace=courant,
        )
    return nouveau
