"""An amendment as one business step: the grant's new amount (subventions.avenants) and its
schedule, adjusted in the same transaction under the grant row lock that every write on a
grant's instalments takes first (versements.services.echeancier)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from noyau.formats import format_money
from subventions.avenants import avenant_creer
from subventions.models import Subvention

from ..models import Versement
from .echeancier import DELAI_RAPPORT_FINAL, enregistrer_versement, verifier_somme

V = Versement.Statut
ZERO = Decimal("0")
# Instalments an amendment may still change.
AJUSTABLES = (V.PREVU, V.RETENU)


def verifier_plancher(*, subvention, versements, montant) -> None:
    """The new amount covers what is paid and authorised, with the figures in words."""
    paye = sum((v.montant for v in versements if v.statut == V.PAYE), ZERO)
    autorise = sum((v.montant for v in versements if v.statut == V.AUTORISE), ZERO)
    if montant < paye + autorise:
        raise ValidationError(
            _(
                "Le nouveau montant (%(montant)s) est inférieur à ce qui est déjà payé "
                "(%(paye)s) et autorisé (%(autorise)s): il doit être d'au moins %(plancher)s."
            )
            % {
                "montant": format_money(montant),
                "paye": format_money(paye),
                "autorise": format_money(autorise),
                "plancher": format_money(paye + autorise),
            },
            code="sous_le_verse",
        )


def echeancier_ajuster(*, subvention, avenant, par) -> None:
    """The unpaid part follows the amendment. An increase goes to the last planned (or retained)
    instalment, or to a new one on acceptance of the final report when none remains; a decrease
    is taken from the last planned instalments backwards, and one brought to 0 is cancelled
    with the amendment as reason (never deleted). Afterwards Σ not-cancelled = montant accordé.
    Call under the grant row lock."""
    versements = list(subvention.versements.select_for_update().order_by("rang"))
    verifier_plancher(subvention=subvention, versements=versements, montant=avenant.montant_apres)
    actuel = sum((v.montant for v in versements if v.statut != V.ANNULE), ZERO)
    ecart = avenant.montant_apres - actuel
    ajustables = [v for v in versements if v.statut in AJUSTABLES]
    if ecart > ZERO and ajustables:
        dernier = ajustables[-1]
        dernier.montant += ecart
        enregistrer_versement(dernier, par, avenant)
    elif ecart > ZERO:
        fin = subvention.date_fin or avenant.date_decision
        nouveau = Versement(
            subvention=subvention,
            rang=max((v.rang for v in versements), default=0) + 1,
            montant=ecart,
            date_prevue=fin + DELAI_RAPPORT_FINAL,
            condition=Versement.Condition.RAPPORT_FINAL,
        )
        enregistrer_versement(nouveau, par, avenant)
    reste = -ecart
    for versement in reversed(ajustables):
        if reste <= ZERO:
            break
        pris = min(versement.montant, reste)
        reste -= pris
        if pris == versement.montant:
            # The amount stays as it was planned (a cancelled row keeps it, visible in history).
            versement.statut = V.ANNULE
            versement.motif = _("Annulé par l'avenant n° %(rang)s: %(motif)s") % {
                "rang": avenant.rang,
                "motif": avenant.motif,
            }
        else:
            versement.montant -= pris
        enregistrer_versement(versement, par, avenant)
    restants = subvention.versements.non_annules().values("montant")
    verifier_somme(subvention=subvention, lignes=list(restants))


def avenant_enregistrer(*, subvention, par, **decision):
    """Records an amendment (`subventions.avenants.avenant_creer`: its rules, permission and
    version check) and adjusts the schedule, in one transaction under the grant row lock: a
    refusal anywhere (e.g. below what is paid and authorised) leaves nothing changed."""
    with transaction.atomic():
        Subvention.objects.select_for_update().get(pk=subvention.pk)
        avenant = avenant_creer(subvention=subvention, par=par, **decision)
        echeancier_ajuster(subvention=avenant.subvention, avenant=avenant, par=par)
    return avenant
