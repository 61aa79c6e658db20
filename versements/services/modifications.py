"""Schedule changes after signature that a manager approves (domain.md, "Invariants").

A change of a signed grant's schedule that makes money payable sooner or with less proof (a
condition weakened, an amount or a date moved earlier, into an earlier exercice) is not applied
by the agent who types it: it is proposed with a reason (`echeancier_proposer`), and applied by
`echeancier_modifier` when a manager other than the proposer approves it
(`modification_echeancier_approuver`), or refused with a reason. A change that only delays or
asks for more proof applies at once, as before. Whatever the path, the last instalment waits
for the final report (`verifier_dernier_versement`).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.formats import date_longue
from noyau.historique import auteur
from noyau.permissions import verdict

from ..models import ModificationEcheancier, Versement
from .echeancier import (
    echeancier_modifier,
    exiger_version,
    prevus_et_fixes,
    verifier_nouvelles_lignes,
    verrouiller_subvention,
    version_echeancier,
)

V = Versement.Statut
C = Versement.Condition
M = ModificationEcheancier.Statut
ZERO = Decimal("0")

# How much proof a condition asks before the money may leave: weaker is smaller.
PREUVE = {C.SIGNATURE: 0, C.RAPPORT_ETAPE: 1, C.RAPPORT_FINAL: 2}

RAISON_PROPOSEE = gettext_lazy("Modification de l'échéancier proposée")
RAISON_APPROUVEE = gettext_lazy("Modification de l'échéancier approuvée")
RAISON_REFUSEE = gettext_lazy("Modification de l'échéancier refusée")
RAISONS = [RAISON_PROPOSEE, RAISON_APPROUVEE, RAISON_REFUSEE]

A_PROPOSER = gettext_lazy(
    "Ce changement rend de l'argent payable plus tôt ou avec moins de preuve (condition "
    "affaiblie, montant ou date avancés) : il est soumis à l'approbation d'un gestionnaire. "
    "Indiquez-en le motif."
)


# --- Classification ---------------------------------------------------------------------------


def rend_payable_plus_tot(avant, apres) -> bool:
    """True when some money of `apres` could leave sooner, or on less proof, than in `avant`.

    Lines are dicts with `montant`, `date_prevue` and `condition`. For every date d and every
    level of proof p, the money planned by d on a condition asking at most p must not grow: a
    condition weakened (rapport final → rapport d'étape → signature), an amount moved to an
    earlier or weaker instalment, a date moved earlier (into an earlier exercice included), or a
    new line weaker or earlier than the money it takes all make one of these sums grow; a
    change that only delays or asks for more proof makes none grow."""
    dates = {ligne["date_prevue"] for ligne in [*avant, *apres]}

    def disponible(lignes, date, preuve):
        return sum(
            (
                Decimal(ligne["montant"])
                for ligne in lignes
                if ligne["date_prevue"] <= date and PREUVE[ligne["condition"]] <= preuve
            ),
            ZERO,
        )

    return any(
        disponible(apres, date, preuve) > disponible(avant, date, preuve)
        for date in dates
        for preuve in PREUVE.values()
    )


def lignes_prevues(subvention) -> list[dict]:
    """The planned (editable) lines of the schedule, in the form's shape."""
    return [
        {
            "versement": v.pk,
            "rang": v.rang,
            "montant": v.montant,
            "date_prevue": v.date_prevue,
            "condition": v.condition,
        }
        for v in subvention.versements.filter(statut=V.PREVU).order_by("rang")
    ]


def verifier_dernier_versement(lignes) -> None:
    """domain.md: the final instalment always waits for the final report. `lignes`: every
    instalment the schedule will hold (cancelled ones left out); none may be planned after the
    last one on the final report, and there must be one."""
    finales = [ligne["date_prevue"] for ligne in lignes if ligne["condition"] == C.RAPPORT_FINAL]
    if not finales:
        raise ValidationError(
            _(
                "Aucun versement n'attend l'acceptation du rapport final : le dernier versement "
                "d'une subvention attend toujours ce rapport."
            ),
            code="rapport_final",
        )
    apres = [ligne for ligne in lignes if ligne["date_prevue"] > max(finales)]
    if apres:
        ligne = max(apres, key=lambda ligne: ligne["date_prevue"])
        raise ValidationError(
            _(
                "Le versement prévu le %(date)s (« %(condition)s ») viendrait après le dernier "
                "versement sur le rapport final : le dernier versement d'une subvention attend "
                "toujours l'acceptation du rapport final."
            )
            % {
                "date": date_longue(ligne["date_prevue"]),
                "condition": C(ligne["condition"]).label,
            },
            code="rapport_final",
        )


def verifier_lignes(*, subvention, lignes, fixes, approuvee) -> None:
    """Asked by `echeancier_modifier` before it applies `lignes` (`fixes`: the authorised or
    retained instalments that stay): the last instalment on the final report, and a change
    that makes money payable sooner applied only once approved (`approuvee`)."""
    restants = [
        {"montant": v.montant, "date_prevue": v.date_prevue, "condition": v.condition}
        for v in fixes
    ]
    verifier_dernier_versement([*lignes, *restants])
    if not approuvee and rend_payable_plus_tot(lignes_prevues(subvention), lignes):
        raise ValidationError(A_PROPOSER, code="a_proposer")


# --- The proposal's lines, kept as JSON -------------------------------------------------------


def en_json(lignes) -> list[dict]:
    """The form's clean lines as JSON: money and dates as strings; every other key kept as it
    is (a line may carry more than these fields, e.g. its exercice; LignesFormSet.lignes()
    leaves the formset's own DELETE out)."""

    def valeur(v):
        if isinstance(v, Decimal | datetime.date):
            return v.isoformat() if isinstance(v, datetime.date) else str(v)
        return str(v) if isinstance(v, str) else v  # a TextChoices member → its value

    return [
        {cle: valeur(v) for cle, v in ligne.items()} | {"versement": ligne.get("versement")}
        for ligne in lignes
    ]


def depuis_json(lignes) -> list[dict]:
    return [
        {
            **ligne,
            "montant": Decimal(ligne["montant"]),
            "date_prevue": datetime.date.fromisoformat(ligne["date_prevue"]),
        }
        for ligne in lignes
    ]


# --- Proposing, approving, refusing -----------------------------------------------------------


def _motif_requis(motif, message):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(message, code="motif")
    return motif


@transaction.atomic
def echeancier_enregistrer(*, subvention, par, version, lignes, motif=""):
    """The schedule form's one entry: a change that makes money payable sooner is proposed
    (returns the ModificationEcheancier), any other applies at once (returns None)."""
    subvention = verrouiller_subvention(subvention)
    if rend_payable_plus_tot(lignes_prevues(subvention), lignes):
        return echeancier_proposer(
            subvention=subvention, par=par, version=version, lignes=lignes, motif=motif
        )
    echeancier_modifier(subvention=subvention, par=par, version=version, lignes=lignes)
    return None


@transaction.atomic
def echeancier_proposer(*, subvention, par, version, lignes, motif) -> ModificationEcheancier:
    """The responsible agent proposes a change that makes money payable sooner or with less
    proof, with its reason (required). It is checked as an edit would be (same rule, version,
    Σ = accordé, the last instalment on the final report) and changes nothing until a manager
    approves it."""
    subvention = verrouiller_subvention(subvention)
    verdict(par, "versements.modifier_echeancier", subvention).exiger()
    exiger_version(
        subvention,
        version,
        _(
            "Quelqu'un d'autre a modifié cet échéancier pendant que vous le modifiiez. Rien "
            "n'a été proposé : rechargez la page pour voir sa version, puis refaites vos "
            "changements."
        ),
    )
    motif = _motif_requis(motif, A_PROPOSER)
    avant = lignes_prevues(subvention)
    prevus, fixes = prevus_et_fixes(list(subvention.versements.all()))
    lignes = verifier_nouvelles_lignes(
        subvention=subvention, prevus=prevus, fixes=fixes, lignes=lignes
    )
    verifier_lignes(subvention=subvention, lignes=lignes, fixes=fixes, approuvee=True)
    if not rend_payable_plus_tot(avant, lignes):
        raise ValidationError(
            _("Ce changement ne rend rien payable plus tôt : enregistrez-le directement."),
            code="sans_approbation",
        )
    modification = ModificationEcheancier(
        subvention=subvention,
        avant=en_json(avant),
        lignes=en_json(lignes),
        version=int(version),
        motif=motif,
        propose_par=par,
        propose_le=timezone.now(),
    )
    modification.full_clean()
    auteur(modification, par, RAISON_PROPOSEE)
    modification.save()
    return modification


def _verrouiller(modification):
    subvention = verrouiller_subvention(modification.subvention)
    modification = ModificationEcheancier.objects.select_for_update().get(
        pk=modification.pk, subvention=subvention
    )
    modification.subvention = subvention
    return modification


def _decider(modification, par, statut, raison):
    modification.statut = statut
    modification.decide_par = par
    modification.decide_le = timezone.now()
    modification.full_clean()
    auteur(modification, par, raison)
    modification.save()
    return modification


@transaction.atomic
def modification_echeancier_approuver(*, modification, par) -> ModificationEcheancier:
    """A manager who did not propose it approves a proposed change: it is applied by
    `echeancier_modifier`, exactly as proposed. A proposal made on a schedule that changed
    since is refused with the reason: it would no longer say what it changes."""
    modification = _verrouiller(modification)
    verdict(par, "versements.approuver_modification", modification).exiger()
    subvention = modification.subvention
    if modification.version != version_echeancier(subvention):
        raise ValidationError(
            _(
                "L'échéancier a changé depuis cette proposition du %(date)s : elle ne dit plus "
                "ce qu'elle changerait et ne peut pas être approuvée. Refusez-la; l'agent en "
                "proposera une nouvelle au besoin."
            )
            % {"date": date_longue(timezone.localtime(modification.propose_le).date())},
            code="perimee",
        )
    echeancier_modifier(
        subvention=subvention,
        par=par,
        version=modification.version,
        lignes=depuis_json(modification.lignes),
        modification=modification,
    )
    return _decider(modification, par, M.APPROUVEE, RAISON_APPROUVEE)


@transaction.atomic
def modification_echeancier_refuser(*, modification, par, motif_refus) -> ModificationEcheancier:
    """A manager who did not propose it refuses a proposed change, with the reason: the
    schedule stays as it is."""
    modification = _verrouiller(modification)
    verdict(par, "versements.refuser_modification", modification).exiger()
    modification.motif_refus = _motif_requis(
        motif_refus, _("Indiquez le motif du refus : il est conservé au dossier.")
    )
    return _decider(modification, par, M.REFUSEE, RAISON_REFUSEE)
