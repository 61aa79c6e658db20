"""Every write on a partner's report: save the draft, submit it, and the review's two answers.

Each write locks the grant then the obligation (obligations.verrouiller), as the obligation
steps do, then the report. Accepting and sending back are the obligation's own steps
(`obligation_accepter` releases the instalments waiting on the report, as it always did), with
the submitted version's decision recorded alongside. Emails go once the transaction commits.
"""

import logging
import smtplib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.courriels import (
    adresses_sans_doublons,
    courriels_contacts,
    envoyer_courriel,
    lien,
    signature,
)
from noyau.historique import auteur as _auteur
from noyau.permissions import peut, verdict
from organismes.fichiers import verifier_fichier
from referentiel.models import LigneBudgetaire, StatutImmigration

from ..models import Depense, Obligation, Participation, PieceJointe, Rapport, VersionRapport
from ..selectors import contenu_rapport
from . import obligations

journal = logging.getLogger(__name__)
R = Rapport.Statut
D = VersionRapport.Decision
ZERO = Decimal("0.00")
PIECES_MAX = 20


def _exiger(par, permission, obligation, message):
    if not peut(par, permission, obligation):
        raise PermissionDenied(message)


def _rapport(obligation) -> Rapport:
    rapport, _cree = Rapport.objects.select_for_update().get_or_create(obligation=obligation)
    return rapport


@transaction.atomic
def rapport_enregistrer(
    *,
    obligation,
    par,
    activites="",
    participants=None,
    depenses=None,
    pieces_ajoutees=(),
    pieces_retirees=(),
) -> Rapport:
    """Saves the draft from clean values (reddition.forms.RapportForm reads what was typed):
    `participants` maps (service financé id, statut id) to a count, `depenses` maps a budget
    line's id to an amount. The grid is the grant's funded services × the statuses active
    today; a cell left out is 0, a cell the grid does not have refuses the whole save. Every
    error is reported at once and nothing is saved; each row is also checked by its model
    (0 to PARTICIPANTS_MAX participants, amounts of two decimals, never negative)."""
    obligation = obligations.verrouiller(obligation)
    _exiger(
        par,
        "reddition.rediger_rapport",
        obligation,
        _("Seul l'organisme rédige son rapport, tant qu'il est attendu ou à corriger."),
    )
    participants, depenses = dict(participants or {}), dict(depenses or {})
    services_finances = list(obligation.subvention.services_finances.all())
    statuts = list(StatutImmigration.objects.actifs())
    lignes = list(LigneBudgetaire.objects.actifs())
    erreurs = {}
    cellules = {
        (sf, statut): participants.pop((sf.pk, statut.pk), 0)
        for sf in services_finances
        for statut in statuts
    }
    montants = {ligne: depenses.pop(ligne.pk, ZERO) for ligne in lignes}
    if participants or depenses:
        # A cell the grid does not have: another grant's service, a status no longer active.
        erreurs["__all__"] = _("Le rapport contient des cases qui ne font pas partie de sa grille.")
    activites = (activites or "").strip()
    if len(activites) > 20_000:
        erreurs["activites"] = _("Au plus 20 000 caractères.")
    rapport = _rapport(obligation)
    actives = list(rapport.pieces.filter(retiree=False))
    retirees = [p for p in actives if p.pk in set(pieces_retirees)]
    if len(actives) - len(retirees) + len(pieces_ajoutees) > PIECES_MAX:
        erreurs["pieces"] = _("Au plus %(max)s pièces jointes.") % {"max": PIECES_MAX}
    for fichier in pieces_ajoutees:
        try:
            verifier_fichier(fichier)
        except ValidationError as erreur:
            erreurs["pieces"] = f"{fichier.name}: {' '.join(erreur.messages)}"
    if erreurs:
        raise ValidationError(erreurs)

    raison = _("Brouillon du rapport enregistré")
    rapport.activites = activites
    if rapport.statut not in (R.BROUILLON, R.A_CORRIGER):
        rapport.statut = R.BROUILLON
    _auteur(rapport, par, raison)
    rapport.full_clean()
    rapport.save()
    existantes = {(p.service_finance_id, p.statut_id): p for p in rapport.participations.all()}
    for (sf, statut), nombre in cellules.items():
        p = existantes.get((sf.pk, statut.pk)) or Participation(
            rapport=rapport, service_finance=sf, statut=statut
        )
        if p.pk is None or p.nombre != nombre:
            p.nombre = nombre
            _auteur(p, par, raison)
            p.full_clean()
            p.save()
    existantes = {d.ligne_id: d for d in rapport.depenses.all()}
    for ligne, montant in montants.items():
        d = existantes.get(ligne.pk) or Depense(rapport=rapport, ligne=ligne)
        if d.pk is None or d.montant != montant:
            d.montant = montant
            _auteur(d, par, raison)
            d.full_clean()
            d.save()
    _retirer_pieces(rapport, retirees, par)
    for fichier in pieces_ajoutees:
        _ajouter_piece(rapport, fichier, par)
    return rapport


def _retirer_pieces(rapport, pieces, par):
    envoyees = {
        piece["id"]
        for contenu in rapport.versions.values_list("contenu", flat=True)
        for piece in contenu.get("pieces", [])
    }
    for piece in pieces:
        _auteur(piece, par, _("Pièce jointe retirée"))
        if piece.pk in envoyees:
            # Part of a submitted version: that version still lists and serves it.
            piece.retiree = True
            piece.save()
        else:
            fichier = piece.fichier
            piece.delete()
            transaction.on_commit(lambda f=fichier: f.delete(save=False))


def _ajouter_piece(rapport, fichier, par):
    piece = PieceJointe(rapport=rapport, nom=fichier.name[:255], televerse_par=par)
    _auteur(piece, par, _("Pièce jointe ajoutée"))
    piece.fichier.save(fichier.name, fichier, save=False)
    try:
        piece.save()
    except Exception:
        # A row that failed to save must not leave an orphan file in the private storage.
        piece.fichier.delete(save=False)
        raise
    return piece


@transaction.atomic
def rapport_soumettre(*, obligation, par) -> VersionRapport:
    """Sends the saved report: a new version keeps it as sent, the obligation becomes "soumis"
    (its own step) and the responsible officer gets an email. The activities are required; a
    final report waits for the end of the period it covers (reddition.soumettre_rapport's rule
    says why)."""
    obligation = obligations.verrouiller(obligation)
    verdict(par, "reddition.soumettre_rapport", obligation).exiger()
    rapport = Rapport.objects.select_for_update().filter(obligation=obligation).first()
    if rapport is None or not rapport.activites.strip():
        raise ValidationError(
            {"activites": _("Décrivez les activités réalisées avant de soumettre le rapport.")}
        )
    numero = rapport.versions.count() + 1
    version = VersionRapport.objects.create(
        rapport=rapport,
        numero=numero,
        soumis_par=par,
        soumis_le=timezone.now(),
        contenu=contenu_rapport(rapport),
    )
    rapport.statut = R.SOUMIS
    rapport.soumis_par, rapport.soumis_le = par, version.soumis_le
    _auteur(rapport, par, _("Rapport soumis (version %(n)s)") % {"n": numero})
    rapport.save()
    obligations.obligation_recevoir(
        obligation=obligation,
        par=par,
        commentaire=_("Rapport soumis par l'organisme (version %(n)s).") % {"n": numero},
    )
    agent = obligation.subvention.agent
    if agent is not None and agent.email:
        _apres(_courriel_soumission, obligation, numero, [agent.email])
    return version


def _decider(obligation, par, decision, commentaire, statut):
    rapport = Rapport.objects.select_for_update().filter(obligation=obligation).first()
    if rapport is None:
        return None  # a report received outside the portal: the obligation step is all
    rapport.statut = statut
    _auteur(rapport, par, VersionRapport.Decision(decision).label)
    rapport.save()
    version = rapport.versions.filter(decision="").order_by("-numero").first()
    if version is not None:
        version.decision = decision
        version.commentaire = commentaire
        version.decide_par, version.decide_le = par, timezone.now()
        version.save()
    return rapport


@transaction.atomic
def rapport_accepter(*, obligation, par, commentaire="", interne=False):
    """Accepts the submitted report through `obligation_accepter` (which releases the
    instalments waiting on it); the version gets the decision (an internal note stays off it)
    and the organisation's contacts an email."""
    obligation = obligations.obligation_accepter(
        obligation=obligation, par=par, commentaire=commentaire, interne=interne
    )
    rapport = _decider(
        obligation, par, D.ACCEPTE, "" if interne else (commentaire or "").strip(), R.ACCEPTE
    )
    _apres(_courriel_decision, obligation, D.ACCEPTE, _destinataires(obligation, rapport))
    return obligation


@transaction.atomic
def rapport_a_corriger(*, obligation, par, commentaire):
    """Sends the report back with what to correct (required, for the organisation): the partner
    edits it again and resubmits a new version."""
    obligation = obligations.obligation_a_corriger(
        obligation=obligation, par=par, commentaire=commentaire
    )
    rapport = _decider(obligation, par, D.A_CORRIGER, commentaire.strip(), R.A_CORRIGER)
    _apres(_courriel_decision, obligation, D.A_CORRIGER, _destinataires(obligation, rapport))
    return obligation


# --- Emails (noyau.courriels, the reminders' path), once the transaction has committed --------


def _destinataires(obligation, rapport):
    adresses = courriels_contacts(obligation.subvention.organisme)
    if rapport is not None and rapport.soumis_par and rapport.soumis_par.email:
        adresses.append(rapport.soumis_par.email)
    return adresses_sans_doublons(adresses)


def _apres(ecrire, obligation, valeur, destinataires):
    if not destinataires:
        return
    pk = obligation.pk

    def envoyer():
        from ..models import Obligation

        with translation.override(settings.LANGUAGE_CODE):
            sujet, corps = ecrire(Obligation.objects.get(pk=pk), valeur)
        try:
            envoyer_courriel(a=destinataires, sujet=sujet, corps=corps)
        except (smtplib.SMTPException, OSError):
            # The step is done and recorded; a lost notice must not undo it.
            journal.exception("Courriel non envoyé pour l'obligation %s", pk)

    transaction.on_commit(envoyer)


# The document named inside a sentence, with its possessive: "son rapport final", "vos états
# financiers" (the type's label, "Rapport final", starts a title, not a sentence's middle).
SON = {
    Obligation.Type.RAPPORT_ETAPE: gettext_lazy("son rapport d'étape"),
    Obligation.Type.RAPPORT_FINAL: gettext_lazy("son rapport final"),
    Obligation.Type.ETATS_FINANCIERS: gettext_lazy("ses états financiers"),
}
VOTRE = {
    Obligation.Type.RAPPORT_ETAPE: gettext_lazy("votre rapport d'étape"),
    Obligation.Type.RAPPORT_FINAL: gettext_lazy("votre rapport final"),
    Obligation.Type.ETATS_FINANCIERS: gettext_lazy("vos états financiers"),
}


def _courriel_soumission(obligation, numero):
    valeurs = {
        "type": obligation.get_type_display(),
        "son": SON[obligation.type],
        "numero": obligation.subvention.numero,
        "organisme": obligation.subvention.organisme,
        "version": numero,
        "lien": lien(obligation.get_absolute_url()),
    }
    sujet = _("%(type)s — %(numero)s : soumis") % valeurs
    corps = (
        _(
            "%(organisme)s a soumis %(son)s pour la subvention %(numero)s, version "
            "%(version)s. Le document attend votre examen :\n\n%(lien)s"
        )
        % valeurs
    ) + signature()
    return sujet, corps


def _courriel_decision(obligation, decision):
    valeurs = {
        "type": obligation.get_type_display(),
        "votre": VOTRE[obligation.type],
        "numero": obligation.subvention.numero,
        "lien": lien(reverse("reddition:rapport", kwargs={"pk": obligation.pk})),
    }
    if decision == D.ACCEPTE:
        sujet = _("%(type)s — %(numero)s : accepté") % valeurs
        corps = (
            _(
                "La Ville a accepté %(votre)s pour la subvention %(numero)s. Vous pouvez le "
                "consulter ici :\n\n%(lien)s"
            )
            % valeurs
        )
    else:
        valeurs["commentaire"] = obligation.suivis.filter(action="a_corriger").last().commentaire
        sujet = _("%(type)s — %(numero)s : à corriger") % valeurs
        corps = (
            _(
                "La Ville demande des corrections à %(votre)s pour la subvention "
                "%(numero)s.\n\nCommentaire de l'agent :\n%(commentaire)s\n\nApportez les "
                "corrections et soumettez de nouveau le document dans le portail :\n\n%(lien)s"
            )
            % valeurs
        )
    return sujet, corps + signature()
