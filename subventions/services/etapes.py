"""The lifecycle steps: each locks the row, asks the step's rule, then records the transition."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..cycle import ETAPES
from ..models import Subvention, Transition
from .montants import enveloppes_verifier, verifier_repartition_complete


def etape_commencer(subvention, par, action, commentaire=""):
    """Locks the row, then checks the step against the locked status and its permission.

    With `etape_enregistrer`, the two halves of every step here, and of the one step that a
    later app completes inside its own transaction: signing the agreement
    (versements.services.signature.convention_signer), which also stores the agreement and
    creates the schedule."""
    etape = ETAPES[action]
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    # The step's rule: a moved status or a missing condition is a ValidationError, a role a
    # PermissionDenied, each with the reason the rule gives.
    etape.regle.verdict(par, subvention).exiger()
    if etape.commentaire_requis and not (commentaire or "").strip():
        raise ValidationError(_("Indiquez la raison : elle est conservée au dossier."))
    return subvention, etape


def etape_enregistrer(subvention, etape, par, commentaire):
    de = subvention.statut
    subvention.statut = etape.vers
    subvention.version += 1
    subvention._change_reason = str(etape.libelle)
    subvention.save()
    Transition.objects.create(
        subvention=subvention, de=de, vers=etape.vers, par=par, commentaire=commentaire or ""
    )
    return subvention


@transaction.atomic
def subvention_recommander(*, subvention, par, commentaire="") -> Subvention:
    """The responsible agent recommends a complete file: amount above zero, split over the
    exercices to the cent, project dates set. The file is then frozen until approved, refused or
    sent back to analysis."""
    subvention, etape = etape_commencer(subvention, par, "recommander", commentaire)
    verifier_repartition_complete(subvention)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_renvoyer(*, subvention, par, commentaire) -> Subvention:
    """A recommended file goes back to analysis (to be changed), with the reason."""
    subvention, etape = etape_commencer(subvention, par, "renvoyer", commentaire)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_refuser(*, subvention, par, commentaire) -> Subvention:
    """Refusal from en analyse or recommandée, with the reason (shown to the organisation)."""
    subvention, etape = etape_commencer(subvention, par, "refuser", commentaire)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_demarrer(*, subvention, par, commentaire="") -> Subvention:
    """The signed project starts."""
    subvention, etape = etape_commencer(subvention, par, "demarrer", commentaire)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_terminer(*, subvention, par, commentaire="") -> Subvention:
    """The project's activities are over; reporting and the last payments remain."""
    subvention, etape = etape_commencer(subvention, par, "terminer", commentaire)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_fermer(*, subvention, par, commentaire="") -> Subvention:
    """The file is closed. domain.md also asks for the final report accepted and every
    instalment paid, retained or cancelled: the apps that hold them register that condition on
    the step (cycle.ajouter_condition), and `etape_commencer` asks it under the grant's row lock,
    which every write on instalments and obligations takes first."""
    subvention, etape = etape_commencer(subvention, par, "fermer", commentaire)
    return etape_enregistrer(subvention, etape, par, commentaire)


@transaction.atomic
def subvention_annuler(*, subvention, par, commentaire) -> Subvention:
    """Cancellation before fermée, with the reason kept on the grant. Before the decision the
    responsible agent may withdraw the file; afterwards only a manager."""
    subvention, etape = etape_commencer(subvention, par, "annuler", commentaire)
    subvention.motif_annulation = commentaire.strip()
    return etape_enregistrer(subvention, etape, par, commentaire)


# The steps whose only datum is a comment, for the generic step page.
SERVICES_SIMPLES = {
    "recommander": subvention_recommander,
    "renvoyer": subvention_renvoyer,
    "refuser": subvention_refuser,
    "demarrer": subvention_demarrer,
    "terminer": subvention_terminer,
    "fermer": subvention_fermer,
    "annuler": subvention_annuler,
}


@transaction.atomic
def subvention_approuver(
    *,
    subvention,
    par,
    numero_resolution,
    date_decision,
    numero_gdd="",
    commentaire="",
    derogation_raison="",
) -> Subvention:
    """A manager approves with the executive committee's resolution and decision date; the
    répartition must fit each exercice's remaining envelope, unless the manager records an
    override with its reason. The envelope rows are locked so two approvals cannot both take
    the last dollars. Whoever was ever the file's responsible agent or recommended it cannot
    approve it (`subventions.approuver`)."""
    subvention, etape = etape_commencer(subvention, par, "approuver", commentaire)
    subvention.numero_resolution = (numero_resolution or "").strip()
    subvention.date_decision = date_decision
    if numero_gdd:
        subvention.numero_gdd = numero_gdd.strip()
    if not subvention.numero_resolution or not subvention.date_decision:
        raise ValidationError(
            _("Le numéro de résolution du comité exécutif et la date de décision sont requis.")
        )
    subvention.full_clean()
    verifier_repartition_complete(subvention)
    if enveloppes_verifier(subvention=subvention, par=par, derogation_raison=derogation_raison):
        commentaire = (commentaire + "\n" if commentaire else "") + _(
            "Dérogation à l'enveloppe : %(raison)s"
        ) % {"raison": derogation_raison.strip()}
    return etape_enregistrer(subvention, etape, par, commentaire)
