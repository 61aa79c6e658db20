"""The money rules of a grant's amounts: the répartition against the amount, the funded services'
parts, and each exercice's envelope."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.formats import format_money
from noyau.permissions import peut

from ..cibles import erreurs_cibles
from ..models import DerogationEnveloppe
from ..selectors import apercu_enveloppes

ZERO = Decimal("0")


def valider_montants(subvention, repartitions, services_finances):
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
                "%(accorde)s : les deux doivent être égaux."
            )
            if subvention.montant_est_propose
            else _(
                "La répartition par exercice totalise %(total)s, mais le montant accordé est "
                "%(accorde)s : les deux doivent être égaux."
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
            _("Ces services sont offerts par un autre organisme : %(services)s.")
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


def verifier_repartition_complete(subvention):
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
            _("%(exercice)s : disponible %(dispo)s, demandé %(montant)s, écart %(ecart)s")
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
