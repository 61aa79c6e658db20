"""An amendment as one business step: the grant's new amount (subventions.avenants) and its
schedule, adjusted in the same transaction under the grant row lock that every write on a
grant's instalments takes first (versements.services.echeancier)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from noyau.formats import format_money
from subventions.avenants import avenant_creer
from subventions.models import Subvention

from ..models import Versement
from .echeancier import condition_deja_remplie, enregistrer_versement, verifier_echeancier
from .exercices import (
    exercices_avec_part,
    lignes_de_l_exercice,
    parts_par_exercice,
)
from .modifications import PREUVE

V = Versement.Statut
C = Versement.Condition
ZERO = Decimal("0")
# Instalments an amendment may still change.
AJUSTABLES = (V.PREVU, V.RETENU)
# What an amendment can no longer take back: paid, or authorised (on its way to a batch).
ENGAGES = (V.PAYE, V.AUTORISE)


def verifier_plancher(*, versements, parts) -> None:
    """Every exercice's new part covers what is already paid and authorised in it, with the
    figures in words, exercice by exercice."""
    erreurs = []
    for exercice in sorted({v.exercice for v in versements if v.statut in ENGAGES}):
        du_lot = [v for v in versements if v.exercice == exercice]
        paye = sum((v.montant for v in du_lot if v.statut == V.PAYE), ZERO)
        autorise = sum((v.montant for v in du_lot if v.statut == V.AUTORISE), ZERO)
        part = parts.get(exercice, ZERO)
        if part < paye + autorise:
            erreurs.append(
                _(
                    "Exercice %(exercice)s : la nouvelle part (%(part)s) est inférieure à ce qui "
                    "est déjà payé (%(paye)s) et autorisé (%(autorise)s) dans cet exercice : elle "
                    "doit être d'au moins %(plancher)s."
                )
                % {
                    "exercice": exercice,
                    "part": format_money(part),
                    "paye": format_money(paye),
                    "autorise": format_money(autorise),
                    "plancher": format_money(paye + autorise),
                }
            )
    if erreurs:
        raise ValidationError(erreurs, code="sous_le_verse")


def _lignes_ajoutees(subvention, exercice, montant, exercices, deja_la):
    """The instalments an exercice gains: a new exercice its default plan
    (exercices.lignes_de_l_exercice); an exercice with nothing left to adjust one line on the
    condition its last default line waits on (the final report for the last exercice)."""
    signature = subvention.date_signature or datetime.date(exercice, 1, 1)
    defaut = lignes_de_l_exercice(
        subvention=subvention,
        exercice=exercice,
        part=montant,
        exercices=exercices,
        date_signature=signature,
    )
    if not deja_la:
        return defaut
    return [defaut[-1] | {"montant": montant}]


def _motif_annulation(avenant) -> str:
    return _("Annulé par l'avenant n° %(rang)s : %(motif)s") % {
        "rang": avenant.rang,
        "motif": avenant.motif,
    }


def _ordre_de_reduction(versement):
    """A reduction takes first what asks the least proof, and among equals the latest line: the
    instalment held until the final report is the last to shrink, so that an amendment never
    lets the money still to pay leave before the final report (as the grant's signature
    planned it)."""
    return (PREUVE[versement.condition], -versement.rang)


def echeancier_ajuster(*, subvention, avenant, par) -> None:
    """The unpaid part follows the amendment, exercice by exercice, and only where the part
    changed. An exercice whose part grew adds the difference to its last planned (or retained)
    instalment, or gains instalments (its default plan when it is new in the répartition); one
    whose part shrank loses it from its unpaid instalments, least proof first (see
    `_ordre_de_reduction`), and an instalment brought to 0 (every unpaid one of an exercice
    brought to 0) is cancelled with the amendment as reason, never deleted. Afterwards, for
    every exercice, Σ not cancelled = its part. Call under the grant row lock."""
    versements = list(subvention.versements.select_for_update().order_by("rang"))
    parts = parts_par_exercice(subvention)
    verifier_plancher(versements=versements, parts=parts)
    exercices = exercices_avec_part(parts)
    rang = max((v.rang for v in versements), default=0)
    tous = sorted(set(parts) | {v.exercice for v in versements})
    for exercice in tous:
        du_lot = [v for v in versements if v.exercice == exercice and v.statut != V.ANNULE]
        ecart = parts.get(exercice, ZERO) - sum((v.montant for v in du_lot), ZERO)
        ajustables = [v for v in du_lot if v.statut in AJUSTABLES]
        if ecart > ZERO and ajustables:
            dernier = ajustables[-1]
            dernier.montant += ecart
            enregistrer_versement(dernier, par, avenant)
        elif ecart > ZERO:
            for ligne in _lignes_ajoutees(subvention, exercice, ecart, exercices, bool(du_lot)):
                rang += 1
                nouveau = Versement(
                    subvention=subvention,
                    rang=rang,
                    exercice=exercice,
                    montant=ligne["montant"],
                    date_prevue=ligne["date_prevue"],
                    condition=ligne["condition"],
                )
                # A report accepted before the amendment already released its condition.
                nouveau.condition_remplie = condition_deja_remplie(
                    subvention, nouveau.condition, exercice
                )
                enregistrer_versement(nouveau, par, avenant)
        reste = -ecart
        for versement in sorted(ajustables, key=_ordre_de_reduction):
            if reste <= ZERO:
                break
            pris = min(versement.montant, reste)
            reste -= pris
            if pris == versement.montant:
                # The amount stays as planned (a cancelled row keeps it, visible in history).
                versement.statut = V.ANNULE
                versement.motif = _motif_annulation(avenant)
            else:
                versement.montant -= pris
            enregistrer_versement(versement, par, avenant)
    restants = subvention.versements.non_annules().values("montant", "exercice")
    verifier_echeancier(subvention=subvention, lignes=list(restants))


def avenant_enregistrer(*, subvention, par, **decision):
    """Records an amendment (`subventions.avenants.avenant_creer`: its rules, permission and
    version check) and adjusts the schedule, in one transaction under the grant row lock: a
    refusal anywhere (e.g. below what is paid and authorised) leaves nothing changed."""
    with transaction.atomic():
        Subvention.objects.select_for_update().get(pk=subvention.pk)
        avenant = avenant_creer(subvention=subvention, par=par, **decision)
        echeancier_ajuster(subvention=avenant.subvention, avenant=avenant, par=par)
    return avenant
