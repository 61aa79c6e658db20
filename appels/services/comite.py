"""Every write of the selection committee: declare a conflict of interest or its absence, score
an application (draft, then submitted), remind an évaluateur, record the deliberation's
recommendation and decision.

Each service asks its rule of `appels.permissions` (`.exiger()`: the refusal carries its
reason), runs in one transaction on the application's (or call's) locked row, and names its
author in the history.
"""

import logging
import smtplib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.courriels import envoyer_courriel, lien
from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import verdict

from ..models import AppelDeProjets, Conflit, Demande, Evaluation, Note, Recommandation
from ..models.comite import score_pondere
from ..selectors.comite import ETATS_EVALUES, avancement_comite

journal = logging.getLogger(__name__)


def _demande_verrouillee(demande):
    return Demande.objects.select_for_update().select_related("appel").get(pk=demande.pk)


def conflit_declarer(*, demande, par, a_conflit: bool, commentaire="") -> Conflit:
    """Records `par`'s declaration for `demande`, once: a conflict of interest (the application
    then leaves its list, and it never opens it) or its absence (it may then score it)."""
    with transaction.atomic():
        courante = _demande_verrouillee(demande)
        verdict(par, "appels.declarer_conflit", courante).exiger()
        conflit = Conflit(
            demande=courante, evaluateur=par, a_conflit=a_conflit, commentaire=commentaire
        )
        auteur(conflit, par)
        conflit.save()
    return conflit


def evaluation_enregistrer(*, demande, par, notes: dict, soumettre=False) -> Evaluation:
    """Saves `par`'s scores for `demande`: `notes` maps a criterion's pk to (valeur,
    commentaire), valeur None when not scored yet. Each score lies between 0 and its criterion's
    maximum; every refusal is given at once, on its criterion, and nothing is saved. `soumettre`
    needs every criterion scored (each one left blank is refused on its own score), and makes
    the evaluation final; a draft may leave any blank."""
    with transaction.atomic():
        courante = _demande_verrouillee(demande)
        verdict(par, "appels.evaluer", courante).exiger()
        criteres = list(courante.appel.criteres.all())
        erreurs = {}
        for critere in criteres:
            valeur, _commentaire = notes.get(critere.pk, (None, ""))
            if valeur is None:
                if soumettre:
                    erreurs[f"note_{critere.pk}"] = _("Notez ce critère avant de soumettre.")
            elif not Decimal(0) <= valeur <= critere.note_maximale:
                erreurs[f"note_{critere.pk}"] = _(
                    "La note de « %(critere)s » doit être entre 0 et %(maximum)s."
                ) % {
                    "critere": critere.libelle,
                    "maximum": f"{critere.note_maximale.normalize():f}".replace(".", ","),
                }
        if erreurs:
            raise ValidationError(erreurs)
        evaluation = Evaluation.objects.filter(demande=courante, evaluateur=par).first()
        if evaluation is None:
            evaluation = Evaluation(demande=courante, evaluateur=par)
        if soumettre:
            evaluation.soumise_le = timezone.now()
            evaluation.score = score_pondere(
                (notes[c.pk][0], c.note_maximale, c.ponderation) for c in criteres
            )
        auteur(evaluation, par, _("Soumise") if soumettre else None)
        evaluation.save()
        existantes = {n.critere_id: n for n in evaluation.notes.all()}
        for critere in criteres:
            valeur, commentaire = notes.get(critere.pk, (None, ""))
            note = existantes.get(critere.pk)
            if valeur is None:
                if note is not None:
                    auteur(note, par)
                    note.delete()
                continue
            if note is None:
                note = Note(evaluation=evaluation, critere=critere)
            elif note.valeur == valeur and note.commentaire == commentaire:
                continue
            note.valeur, note.commentaire = valeur, commentaire
            auteur(note, par)
            note.save()
    return evaluation


def evaluateur_relancer(*, appel, affectation, par) -> int:
    """E-mails a member of the committee the number of applications it has left to submit
    (after the commit; a lost e-mail is logged, the page says it was sent). Returns that
    number; nothing left, or no address, is refused with the reason."""
    verdict(par, "appels.relancer", appel).exiger()
    ligne = next(
        (x for x in avancement_comite(appel=appel) if x["membre"].pk == affectation.pk), None
    )
    if ligne is None:
        raise ValidationError(_("Cette personne ne fait pas partie du comité de cet appel."))
    reste, user = ligne["reste"], affectation.user
    if reste == 0:
        raise ValidationError(_("%s a soumis toutes ses évaluations : rien à relancer.") % user)
    if not user.email:
        raise ValidationError(
            _("%s n'a pas d'adresse courriel : impossible de le relancer.") % user
        )
    adresse = lien(reverse("appels:evaluation_appel", args=[appel.pk]))

    def envoyer():
        with translation.override(settings.LANGUAGE_CODE):
            sujet = _("Évaluations à terminer : %s") % appel.titre
            corps = ngettext(
                "Bonjour,\n\nIl vous reste %(n)s demande à évaluer pour l'appel « %(appel)s ».\n"
                "Vos demandes : %(lien)s\n\nMerci!",
                "Bonjour,\n\nIl vous reste %(n)s demandes à évaluer pour l'appel « %(appel)s ».\n"
                "Vos demandes : %(lien)s\n\nMerci!",
                reste,
            ) % {"n": reste, "appel": appel.titre, "lien": adresse}
        try:
            envoyer_courriel(a=[user.email], sujet=sujet, corps=corps)
        except (smtplib.SMTPException, OSError):
            journal.exception("Relance non envoyée à l'évaluateur %s", user.pk)

    transaction.on_commit(envoyer)
    return reste


def decision_concurrente() -> str:
    """The refusal of a decision written over one that changed since the page was read."""
    return _(
        "Quelqu'un d'autre vient d'enregistrer une décision pour cette demande : rechargez la page."
    )


def montant_au_dela_du_demande(demande, montant) -> str:
    """Why `montant` cannot be recommended for `demande` (above what it asked), or ""."""
    if montant is None or demande.montant_demande is None or montant <= demande.montant_demande:
        return ""
    return _("Le montant recommandé ne peut pas dépasser le montant demandé (%(montant)s).") % {
        "montant": format_money(demande.montant_demande)
    }


MOTIF_EXIGE = (Recommandation.Decision.LISTE_ATTENTE, Recommandation.Decision.NON_RETENUE)


def recommandation_decider(
    *, demande, par, decision, montant_recommande=None, motif="", version=None
) -> Recommandation:
    """Records the deliberation's decision on `demande` (retenue, liste d'attente, non retenue)
    with its recommended amount (at most the amount requested; none: the amount requested) and
    its reason (required unless retained). The application's state follows; a later change is
    a new version in the history. Only once the call is closed and until it is decided."""
    with transaction.atomic():
        AppelDeProjets.objects.select_for_update().get(pk=demande.appel_id)
        courante = _demande_verrouillee(demande)
        verdict(par, "appels.deliberer", courante.appel).exiger()
        if courante.etat not in ETATS_EVALUES:
            raise ValidationError(
                _("Seule une demande recevable est classée (état : %(etat)s).")
                % {"etat": courante.get_etat_display()}
            )
        recommandation = Recommandation.objects.filter(demande=courante).first()
        if recommandation is not None and version is not None and version != recommandation.version:
            raise ValidationError(decision_concurrente())
        erreurs = {}
        if decision not in Recommandation.Decision.values:
            erreurs["decision"] = _("Choisissez une décision.")
        if trop := montant_au_dela_du_demande(courante, montant_recommande):
            erreurs["montant_recommande"] = trop
        if decision == Recommandation.Decision.RETENUE:
            retenir = verdict(par, "appels.retenir", courante)
            if not retenir:
                erreurs["decision"] = retenir.raison
        if decision in MOTIF_EXIGE and not motif.strip():
            erreurs["motif"] = _("Donnez le motif de cette décision : l'organisme le recevra.")
        if erreurs:
            raise ValidationError(erreurs)
        if recommandation is None:
            recommandation = Recommandation(demande=courante, decide_par=par)
        else:
            recommandation.version += 1
        recommandation.decision = decision
        recommandation.montant_recommande = (
            Decimal(0)
            if decision == Recommandation.Decision.NON_RETENUE and montant_recommande is None
            else montant_recommande
        )
        recommandation.motif = motif
        recommandation.decide_par = par
        recommandation.decide_le = timezone.now()
        auteur(recommandation, par)
        recommandation.save()
        courante.etat = decision
        courante.version += 1
        auteur(courante, par, _("Décision du comité"))
        courante.save()
    return recommandation
