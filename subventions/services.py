"""Every write that is a business step on a grant. Each takes the row with select_for_update()
inside a transaction, enforces its rule with a clear French message, and leaves a trace."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptes.roles import Role, a_role
from noyau.formats import format_money
from noyau.forms import verifier_version

from .cycle import ETAPES, S
from .models import (
    DerogationEnveloppe,
    Repartition,
    SequenceNumero,
    ServiceFinance,
    Subvention,
    Transition,
)
from .selectors import apercu_enveloppes

ZERO = Decimal("0")


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
        erreurs.append(
            _(
                "La répartition par exercice totalise %(total)s, mais le montant accordé est "
                "%(accorde)s: les deux doivent être égaux."
            )
            % {"total": format_money(total), "accorde": format_money(accorde)}
        )
    if accorde == ZERO and total > ZERO:
        erreurs.append(_("Indiquez le montant accordé avant de le répartir par exercice."))
    couverts = subvention.exercices_couverts()
    hors = sorted(e for e in exercices if couverts and e not in couverts)
    if hors:
        erreurs.append(
            _("Exercice(s) %(hors)s hors de la période du projet (%(debut)s à %(fin)s).")
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

    voulus = {sf["service"].pk: sf for sf in services_finances}
    for ligne in subvention.services_finances.all():
        sf = voulus.pop(ligne.service_id, None)
        if sf is None:
            ligne.delete()
        elif (ligne.participants_cibles, ligne.montant) != (
            sf["participants_cibles"],
            sf["montant"],
        ):
            ligne.participants_cibles = sf["participants_cibles"]
            ligne.montant = sf["montant"]
            ligne.save()
    for sf in voulus.values():
        ServiceFinance(
            subvention=subvention,
            service=sf["service"],
            participants_cibles=sf["participants_cibles"],
            montant=sf["montant"],
        ).save()


@transaction.atomic
def subvention_creer(*, par, champs: dict, repartitions=(), services_finances=()) -> Subvention:
    """An agent opens a grant file (statut en analyse) with a new, never reused number."""
    if not a_role(par, Role.AGENT):
        raise PermissionDenied(_("Seul un agent de programme peut créer une subvention."))
    subvention = Subvention(**champs)
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
def subvention_modifier(
    *, subvention, par, version, champs: dict, repartitions=(), services_finances=()
) -> Subvention:
    """The responsible agent edits a grant still under analysis; a form opened before someone
    else's save is refused rather than overwriting their work."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    if not (a_role(par, Role.AGENT) and subvention.agent_id == par.pk):
        raise PermissionDenied(_("Seul l'agent responsable peut modifier cette subvention."))
    if not subvention.est_modifiable:
        raise ValidationError(
            _("Une subvention « %(statut)s » ne peut plus être modifiée.")
            % {"statut": subvention.get_statut_display()}
        )
    verifier_version(subvention, version)
    for champ, valeur in champs.items():
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


def _transition(subvention, par, action, commentaire=""):
    etape = ETAPES[action]
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    if subvention.statut not in etape.depuis:
        raise ValidationError(
            _(
                "L'étape « %(action)s » est impossible: la subvention est au statut "
                "« %(statut)s » (quelqu'un l'a peut-être fait avancer entre-temps)."
            )
            % {"action": etape.libelle, "statut": subvention.get_statut_display()}
        )
    if not etape.autorise(par, subvention):
        raise PermissionDenied(
            _("Votre rôle ne permet pas l'étape « %(action)s » sur cette subvention.")
            % {"action": etape.libelle}
        )
    if etape.commentaire_requis and not (commentaire or "").strip():
        raise ValidationError(_("Indiquez la raison: elle est conservée au dossier."))
    return subvention, etape


def _enregistrer(subvention, etape, par, de, commentaire):
    subvention.statut = etape.vers
    subvention.version += 1
    subvention._change_reason = str(etape.libelle)
    subvention.save()
    Transition.objects.create(
        subvention=subvention, de=de, vers=etape.vers, par=par, commentaire=commentaire or ""
    )
    return subvention


@transaction.atomic
def subvention_faire(*, subvention, par, action, commentaire="") -> Subvention:
    """A lifecycle step with no data of its own (recommend, sign, start, finish, close, refuse,
    cancel). Approval has its own service, which needs the decision."""
    if action == "approuver":
        raise ValueError("subvention_approuver prend la résolution et la date de décision")
    subvention, etape = _transition(subvention, par, action, commentaire)
    de = subvention.statut
    if action == "recommander":
        _verifier_repartition_complete(subvention)
    if action == "annuler":
        subvention.motif_annulation = commentaire.strip()
    return _enregistrer(subvention, etape, par, de, commentaire)


def subvention_recommander(*, subvention, par, commentaire=""):
    """The responsible agent recommends a complete file (amount split over the exercices)."""
    return subvention_faire(
        subvention=subvention, par=par, action="recommander", commentaire=commentaire
    )


def subvention_refuser(*, subvention, par, commentaire):
    """Refusal from en analyse or recommandée, with the reason."""
    return subvention_faire(
        subvention=subvention, par=par, action="refuser", commentaire=commentaire
    )


def subvention_annuler(*, subvention, par, commentaire):
    """Cancellation before fermée, with the reason kept on the grant."""
    return subvention_faire(
        subvention=subvention, par=par, action="annuler", commentaire=commentaire
    )


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
    the last dollars."""
    subvention, etape = _transition(subvention, par, "approuver", commentaire)
    recommandation = (
        subvention.transitions.filter(vers=S.RECOMMANDEE).order_by("-le", "-pk").first()
    )
    if subvention.agent_id == par.pk or (recommandation and recommandation.par_id == par.pk):
        raise PermissionDenied(
            _(
                "Vous êtes l'agent responsable de ce dossier ou vous l'avez recommandé: un autre "
                "gestionnaire doit l'approuver."
            )
        )
    de = subvention.statut
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
    depassements = [
        ligne
        for ligne in apercu_enveloppes(subvention=subvention, verrouiller=True)
        if ligne["depasse"]
    ]
    if depassements:
        if not (derogation_raison or "").strip():
            details = "; ".join(
                _("%(exercice)s: disponible %(dispo)s, demandé %(montant)s")
                % {
                    "exercice": d["exercice"],
                    "dispo": format_money(d["disponible"]),
                    "montant": format_money(d["montant"]),
                }
                for d in depassements
            )
            raise ValidationError(
                _(
                    "La répartition dépasse l'enveloppe restante (%(details)s). Un gestionnaire "
                    "peut approuver quand même en inscrivant la raison de la dérogation."
                )
                % {"details": details},
                code="enveloppe_depassee",
            )
        for d in depassements:
            DerogationEnveloppe.objects.create(
                subvention=subvention,
                enveloppe=d["enveloppe_objet"],
                exercice=d["exercice"],
                depassement=d["depassement"],
                raison=derogation_raison.strip(),
                par=par,
            )
        commentaire = (commentaire + "\n" if commentaire else "") + _(
            "Dérogation à l'enveloppe: %(raison)s"
        ) % {"raison": derogation_raison.strip()}
    return _enregistrer(subvention, etape, par, de, commentaire)
