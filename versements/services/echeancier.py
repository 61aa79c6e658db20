"""Every write on instalment schedules and payments.

Each write takes the grant row first with select_for_update() inside a transaction: every write
on one grant's instalments is serialised by that lock, which is what keeps Σ paid ≤ montant
accordé and an instalment paid once (a CHECK constraint cannot span rows).
"""

import zlib
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import verdict
from noyau.versions import ConflitDeVersion
from subventions.models import DELAI_RAPPORT_FINAL, Subvention

from ..models import Versement

V = Versement.Statut
C = Versement.Condition
ZERO = Decimal("0")
CENT = Decimal("0.01")
PART_A_LA_SIGNATURE = Decimal("0.80")

# Change reasons saved in the history (readable in either language: noyau.historique).
RAISON_ECHEANCIER = gettext_lazy("Échéancier créé à la signature")
RAISON_LIBERER = gettext_lazy("Condition remplie")
RAISON_RETIRE = gettext_lazy("Retiré de l'échéancier")
RAISON_MODIFIE = gettext_lazy("Échéancier modifié")
RAISONS = [RAISON_ECHEANCIER, RAISON_LIBERER, RAISON_RETIRE, RAISON_MODIFIE]


def verrouiller_subvention(subvention) -> Subvention:
    return Subvention.objects.select_for_update().get(pk=subvention.pk)


def echeancier_par_defaut(*, subvention, date_signature) -> list[dict]:
    """domain.md: 80 % at signature (due that day), 20 % on acceptance of the final report (due
    60 days after the end date). The first part is rounded down to the cent and the last takes
    the remainder, so the sum is exact: 33 333,33 $ → 26 666,66 $ + 6 666,67 $."""
    accorde = subvention.montant_accorde
    premier = (accorde * PART_A_LA_SIGNATURE).quantize(CENT, rounding=ROUND_DOWN)
    fin = subvention.date_fin or date_signature
    lignes = [
        {"montant": premier, "date_prevue": date_signature, "condition": C.SIGNATURE},
        {
            "montant": accorde - premier,
            "date_prevue": fin + DELAI_RAPPORT_FINAL,
            "condition": C.RAPPORT_FINAL,
        },
    ]
    return [ligne for ligne in lignes if ligne["montant"] > ZERO]


def verifier_somme(*, subvention, lignes) -> None:
    """Σ instalments = montant accordé, to the cent, with the gap in words."""
    total = sum((ligne["montant"] for ligne in lignes), ZERO)
    ecart = subvention.montant_accorde - total
    if ecart > ZERO:
        raise ValidationError(
            _(
                "Les versements totalisent %(total)s pour un montant accordé de %(accorde)s: "
                "il manque %(ecart)s."
            )
            % {
                "total": format_money(total),
                "accorde": format_money(subvention.montant_accorde),
                "ecart": format_money(ecart),
            },
            code="somme",
        )
    if ecart < ZERO:
        raise ValidationError(
            _(
                "Les versements totalisent %(total)s pour un montant accordé de %(accorde)s: "
                "excédent de %(ecart)s."
            )
            % {
                "total": format_money(total),
                "accorde": format_money(subvention.montant_accorde),
                "ecart": format_money(-ecart),
            },
            code="somme",
        )


def _nouveau_versement(subvention, rang, ligne) -> Versement:
    versement = Versement(
        subvention=subvention,
        rang=rang,
        montant=ligne["montant"],
        date_prevue=ligne["date_prevue"],
        condition=ligne["condition"],
        condition_remplie=ligne["condition"] == C.SIGNATURE,
    )
    versement.full_clean(exclude=["subvention"])
    return versement


@transaction.atomic
def echeancier_creer(*, subvention, par, lignes=None) -> list[Versement]:
    """Creates a signed grant's schedule (the default one unless `lignes` are given): Σ equals
    the granted amount; an instalment "à la signature" has its condition met at once. A grant
    has one schedule: it is then edited (echeancier_modifier), never created twice."""
    subvention = verrouiller_subvention(subvention)
    if not subvention.est_sous_convention:
        raise ValidationError(
            _("Seule une subvention dont la convention est signée a un échéancier.")
        )
    if subvention.versements.exists():
        raise ValidationError(_("Cette subvention a déjà un échéancier."))
    if lignes is None:
        lignes = echeancier_par_defaut(
            subvention=subvention, date_signature=subvention.date_signature
        )
    verifier_somme(subvention=subvention, lignes=lignes)
    versements = []
    for rang, ligne in enumerate(lignes, start=1):
        versement = _nouveau_versement(subvention, rang, ligne)
        auteur(versement, par, RAISON_ECHEANCIER)
        versement.save()
        versements.append(versement)
    return versements


@transaction.atomic
def versements_liberer(*, subvention, condition, par) -> int:
    """A report was accepted: the instalments waiting on it (`condition`, still planned or
    retained) may now be authorised. Called by the reporting app when it accepts a report; it
    asks `versements.liberer` (whoever follows the file). Returns how many were released;
    releasing twice changes nothing."""
    if condition not in (C.RAPPORT_ETAPE, C.RAPPORT_FINAL):
        raise ValueError(f"Condition sans rapport: {condition!r}")
    subvention = verrouiller_subvention(subvention)
    verdict(par, "versements.liberer", subvention).exiger()
    liberes = 0
    for versement in subvention.versements.filter(
        condition=condition, condition_remplie=False, statut__in=[V.PREVU, V.RETENU]
    ):
        versement.condition_remplie = True
        auteur(versement, par, RAISON_LIBERER)
        versement.save()
        liberes += 1
    return liberes


def enregistrer_versement(versement, par, raison):
    auteur(versement, par, raison)
    versement.full_clean(exclude=["subvention", "lot"])
    versement.save()
    return versement


# --- Editing the schedule ---------------------------------------------------------------------


def version_echeancier(subvention) -> int:
    """A fingerprint of the schedule as the form saw it: a form opened before someone else's
    save is refused rather than overwriting their work."""
    lignes = list(
        subvention.versements.order_by("pk").values_list(
            "pk", "montant", "date_prevue", "condition", "statut"
        )
    )
    return zlib.crc32(repr(lignes).encode())


def _condition_remplie(subvention, condition) -> bool:
    # A report accepted before the edit already released its condition for this grant.
    return (
        condition == C.SIGNATURE
        or subvention.versements.filter(condition=condition, condition_remplie=True).exists()
    )


@transaction.atomic
def echeancier_modifier(*, subvention, par, version, lignes, modification=None) -> list[Versement]:
    """The responsible agent edits the planned instalments of a signed grant while nothing is
    paid: Σ (planned lines + authorised or retained ones, which stay as they are) must equal the
    granted amount. A removed line is cancelled, never deleted (its money stays in history).
    The last instalment waits for the final report; a change that makes money payable sooner
    is refused here unless it is the approved `modification` (services/modifications.py), whose
    approval rule is then asked instead of the edit's."""
    # modifications.py applies an approved change through this function: imported here.
    from .modifications import verifier_lignes

    subvention = verrouiller_subvention(subvention)
    if modification is None:
        verdict(par, "versements.modifier_echeancier", subvention).exiger()
    else:
        if modification.subvention_id != subvention.pk:
            raise ValueError("Cette modification porte sur une autre subvention.")
        verdict(par, "versements.approuver_modification", modification).exiger()
    if version is None or int(version) != version_echeancier(subvention):
        raise ConflitDeVersion(
            _(
                "Quelqu'un d'autre a modifié cet échéancier pendant que vous le modifiiez. Rien "
                "n'a été enregistré: rechargez la page pour voir sa version, puis refaites vos "
                "changements."
            ),
            code="conflit_version",
        )
    existants = list(subvention.versements.all())
    prevus = {v.pk: v for v in existants if v.statut == V.PREVU}
    fixes = [v for v in existants if v.statut in (V.AUTORISE, V.RETENU)]
    if any(ligne.get("versement") and ligne["versement"] not in prevus for ligne in lignes):
        raise ValidationError(
            _("Une ligne ne correspond plus à un versement prévu: rechargez la page.")
        )
    verifier_somme(
        subvention=subvention, lignes=[*lignes, *({"montant": v.montant} for v in fixes)]
    )
    verifier_lignes(
        subvention=subvention, lignes=lignes, fixes=fixes, approuvee=modification is not None
    )
    gardes = {ligne["versement"] for ligne in lignes if ligne.get("versement")}
    for pk, versement in prevus.items():
        if pk not in gardes:
            versement.statut = V.ANNULE
            versement.motif = str(RAISON_RETIRE)
            enregistrer_versement(versement, par, RAISON_RETIRE)
    rang = max((v.rang for v in existants), default=0)
    resultat = []
    for ligne in lignes:
        if ligne.get("versement"):
            versement = prevus[ligne["versement"]]
            avant = (versement.montant, versement.date_prevue, versement.condition)
            versement.montant = ligne["montant"]
            versement.date_prevue = ligne["date_prevue"]
            if versement.condition != ligne["condition"]:
                versement.condition = ligne["condition"]
                versement.condition_remplie = _condition_remplie(subvention, versement.condition)
            if avant != (versement.montant, versement.date_prevue, versement.condition):
                enregistrer_versement(versement, par, RAISON_MODIFIE)
        else:
            rang += 1
            versement = _nouveau_versement(subvention, rang, ligne)
            versement.condition_remplie = _condition_remplie(subvention, versement.condition)
            enregistrer_versement(versement, par, RAISON_MODIFIE)
        resultat.append(versement)
    return resultat
