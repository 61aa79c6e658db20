"""Every write that is a business step on a grant. Each takes the row with select_for_update()
inside a transaction, enforces its rule with a clear French message, and leaves a trace."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import peut, verdict
from noyau.versions import verifier_version

from .cibles import erreurs_cibles, services_finances_remplacer
from .cycle import ETAPES, S
from .models import (
    DerogationEnveloppe,
    Repartition,
    SequenceNumero,
    Subvention,
    Transition,
)
from .selectors import apercu_enveloppes

ZERO = Decimal("0")

# What an officer fills in on the grant form; the number, status, decision, version and history
# are written by the steps alone.
CHAMPS_SUBVENTION = (
    "organisme",
    "programme",
    "titre",
    "description",
    "agent",
    "montant_demande",
    "montant_accorde",
    "date_debut",
    "date_fin",
    "numero_gdd",
)


def _champs_permis(champs: dict) -> dict:
    inconnus = set(champs) - set(CHAMPS_SUBVENTION)
    if inconnus:
        raise ValueError(f"Champs non modifiables par le formulaire: {sorted(inconnus)}")
    return champs


def subvention_numero_suivant(*, annee: int) -> str:
    """`BINAM-<année>-<séquence>`: the sequence row is locked, so a number is never given twice
    and never reused, even when a grant is cancelled."""
    sequence, _cree = SequenceNumero.objects.select_for_update().get_or_create(annee=annee)
    sequence.dernier += 1
    sequence.save(update_fields=["dernier"])
    return f"BINAM-{annee}-{sequence.dernier:03d}"


def _valider_montants(subvention, repartitions, services_finances):
    """Σ répartition = montant accordé, exercices inside the grant's dates, services of the same
    organisation whose parts do not exceed the amount."""
    erreurs = []
    accorde = subvention.montant_accorde or ZERO
    exercices = [r["exercice"] for r in repartitions]
    if len(set(exercices)) != len(exercices):
        erreurs.append(_("Chaque exercice ne peut figurer qu'une fois dans la répartition."))
    total = sum((r["montant"] for r in repartitions), ZERO)
    if accorde > ZERO and total != accorde:
        # Proposed while the file is edited, granted when an amendment changes it.
        message = (
            _(
                "La répartition par exercice totalise %(total)s, mais le montant proposé est "
                "%(accorde)s: les deux doivent être égaux."
            )
            if subvention.montant_est_propose
            else _(
                "La répartition par exercice totalise %(total)s, mais le montant accordé est "
                "%(accorde)s: les deux doivent être égaux."
            )
        )
        erreurs.append(message % {"total": format_money(total), "accorde": format_money(accorde)})
    if accorde == ZERO and total > ZERO:
        erreurs.append(_("Indiquez le montant proposé avant de le répartir par exercice."))
    couverts = subvention.exercices_couverts()
    hors = sorted(e for e in exercices if couverts and e not in couverts)
    if hors:
        erreurs.append(
            ngettext(
                "Exercice %(hors)s hors de la période du projet, de %(debut)s à %(fin)s.",
                "Exercices %(hors)s hors de la période du projet, de %(debut)s à %(fin)s.",
                len(hors),
            )
            % {"hors": ", ".join(map(str, hors)), "debut": couverts[0], "fin": couverts[-1]}
        )
    services = [sf["service"] for sf in services_finances]
    if len({s.pk for s in services}) != len(services):
        erreurs.append(_("Un même service ne peut être financé deux fois par la subvention."))
    etrangers = [str(s) for s in services if s.organisme_id != subvention.organisme_id]
    if etrangers:
        erreurs.append(
            _("Ces services sont offerts par un autre organisme: %(services)s.")
            % {"services": "; ".join(etrangers)}
        )
    parts = sum((sf["montant"] for sf in services_finances), ZERO)
    plafond = accorde if accorde > ZERO else (subvention.montant_demande or ZERO)
    if parts > plafond:
        erreurs.append(
            _("Les parts des services financés (%(parts)s) dépassent le montant (%(plafond)s).")
            % {"parts": format_money(parts), "plafond": format_money(plafond)}
        )
    erreurs.extend(erreurs_cibles(services_finances))
    if erreurs:
        raise ValidationError(erreurs)


def _remplacer_lignes(subvention, repartitions, services_finances):
    """Brings the répartition and funded-service rows to the given state; history keeps the
    earlier rows."""
    voulues = {r["exercice"]: r["montant"] for r in repartitions}
    for ligne in subvention.repartitions.all():
        if ligne.exercice not in voulues:
            ligne.delete()
        elif ligne.montant != voulues[ligne.exercice]:
            ligne.montant = voulues.pop(ligne.exercice)
            ligne.save()
        else:
            voulues.pop(ligne.exercice)
    for exercice, montant in voulues.items():
        Repartition(subvention=subvention, exercice=exercice, montant=montant).save()

    services_finances_remplacer(subvention=subvention, lignes=services_finances)


@transaction.atomic
def subvention_creer(*, par, champs: dict, repartitions=(), services_finances=()) -> Subvention:
    """An agent opens a grant file (statut en analyse) with a new, never reused number."""
    if not peut(par, "subventions.creer_subvention"):
        raise PermissionDenied(_("Seul un agent de programme peut créer une subvention."))
    subvention = Subvention(**_champs_permis(champs))
    subvention.agent = subvention.agent or par
    subvention.statut = S.EN_ANALYSE
    subvention.numero = "BINAM-0000-000"  # placeholder so full_clean can run before numbering
    subvention.full_clean(exclude=["numero"])
    _valider_montants(subvention, list(repartitions), list(services_finances))
    annee = timezone.localdate().year
    subvention.numero = subvention_numero_suivant(annee=annee)
    subvention._change_reason = _("Création")
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    Transition.objects.create(
        subvention=subvention, de="", vers=S.EN_ANALYSE, par=par, commentaire=_("Dossier créé.")
    )
    return subvention


@transaction.atomic
def subvention_creer_recommandee(
    *, par, champs: dict, repartitions, services_finances=(), commentaire
) -> Subvention:
    """A grant born "recommandée": a selection committee recommended the project and its
    amount (a call for projects turns its retained applications into grants through this
    service, with plain values; this app never names the call). The file is complete as a
    recommended one must be (amount above zero split over the exercices to the cent, project
    dates): it is opened and recommended at once, each step its own Transition by `par`, who
    therefore never approves it (separation of duties, `subventions.approuver`)."""
    verdict(par, "subventions.creer_recommandee").exiger()
    subvention = Subvention(**_champs_permis(champs))
    subvention.statut = S.RECOMMANDEE
    subvention.numero = "BINAM-0000-000"  # placeholder so full_clean can run before numbering
    subvention.full_clean(exclude=["numero"])
    _valider_montants(subvention, list(repartitions), list(services_finances))
    subvention.numero = subvention_numero_suivant(annee=timezone.localdate().year)
    auteur(subvention, par, _("Création"))
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    _verifier_repartition_complete(subvention)
    Transition.objects.create(
        subvention=subvention, de="", vers=S.EN_ANALYSE, par=par, commentaire=_("Dossier créé.")
    )
    Transition.objects.create(
        subvention=subvention, de=S.EN_ANALYSE, vers=S.RECOMMANDEE, par=par, commentaire=commentaire
    )
    return subvention


@transaction.atomic
def subvention_modifier(
    *, subvention, par, version, champs: dict, repartitions=(), services_finances=()
) -> Subvention:
    """The responsible agent edits a grant still under analysis; a form opened before someone
    else's save is refused rather than overwriting their work."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    if not subvention.est_modifiable:
        raise ValidationError(
            _("Une subvention « %(statut)s » ne peut plus être modifiée.")
            % {"statut": subvention.get_statut_display()}
        )
    if not peut(par, "subventions.modifier_subvention", subvention):
        raise PermissionDenied(_("Seul l'agent responsable peut modifier cette subvention."))
    verifier_version(subvention, version)
    for champ, valeur in _champs_permis(champs).items():
        setattr(subvention, champ, valeur)
    subvention.full_clean()
    _valider_montants(subvention, list(repartitions), list(services_finances))
    subvention.version += 1
    subvention._change_reason = _("Modification")
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    return subvention


def _verifier_repartition_complete(subvention):
    total = sum((r.montant for r in subvention.repartitions.all()), ZERO)
    if subvention.montant_accorde <= ZERO:
        raise ValidationError(_("Le montant accordé doit être supérieur à zéro."))
    if total != subvention.montant_accorde:
        raise ValidationError(
            _(
                "La répartition par exercice (%(total)s) doit égaler le montant accordé "
                "(%(accorde)s)."
            )
            % {"total": format_money(total), "accorde": format_money(subvention.montant_accorde)}
        )
    if not (subvention.date_debut and subvention.date_fin):
        raise ValidationError(_("Les dates de début et de fin du projet sont requises."))


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
        raise ValidationError(_("Indiquez la raison: elle est conservée au dossier."))
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
    _verifier_repartition_complete(subvention)
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
    _verifier_repartition_complete(subvention)
    if enveloppes_verifier(subvention=subvention, par=par, derogation_raison=derogation_raison):
        commentaire = (commentaire + "\n" if commentaire else "") + _(
            "Dérogation à l'enveloppe: %(raison)s"
        ) % {"raison": derogation_raison.strip()}
    return etape_enregistrer(subvention, etape, par, commentaire)


def enveloppes_verifier(*, subvention, par, derogation_raison="", repartition=None) -> list:
    """The envelope rule of every decision on an amount (approval, amendment): each exercice's
    increase fits what is left of the programme's envelope (`selectors.apercu_enveloppes`, rows
    locked), or a manager overrides it with a reason, recorded per exercice. Returns the
    overrides recorded (empty when everything fits); call inside the decision's transaction."""
    depassements = [
        ligne
        for ligne in apercu_enveloppes(
            subvention=subvention, repartition=repartition, verrouiller=True
        )
        if ligne["depasse"]
    ]
    if not depassements:
        return []
    if not (derogation_raison or "").strip():
        details = "; ".join(
            _("%(exercice)s: disponible %(dispo)s, demandé %(montant)s, écart %(ecart)s")
            % {
                "exercice": d["exercice"],
                "dispo": format_money(d["disponible"]),
                "montant": format_money(d["montant"]),
                "ecart": format_money(d["depassement"]),
            }
            for d in depassements
        )
        raise ValidationError(
            _(
                "La répartition dépasse l'enveloppe restante (%(details)s). Un gestionnaire "
                "peut passer outre en inscrivant la raison de la dérogation."
            )
            % {"details": details},
            code="enveloppe_depassee",
        )
    if not peut(par, "subventions.deroger_enveloppe", subvention):
        raise PermissionDenied(_("Seul un gestionnaire peut déroger à l'enveloppe."))
    return [
        DerogationEnveloppe.objects.create(
            subvention=subvention,
            enveloppe=d["enveloppe_objet"],
            exercice=d["exercice"],
            depassement=d["depassement"],
            raison=derogation_raison.strip(),
            par=par,
        )
        for d in depassements
    ]
