"""Every write on instalment schedules and payments.

Each write takes the grant row first with select_for_update() inside a transaction: every write
on one grant's instalments is serialised by that lock, which is what keeps Σ paid ≤ montant
accordé and an instalment paid once (a CHECK constraint cannot span rows).
"""

import zlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import verdict
from noyau.versions import ConflitDeVersion
from subventions.models import Subvention

from ..models import Versement
from .exercices import (
    erreurs_dates,
    exercices_avec_part,
    lignes_de_l_exercice,
    parts_par_exercice,
    verifier_par_exercice,
)

V = Versement.Statut
C = Versement.Condition
ZERO = Decimal("0")

# Change reasons saved in the history (readable in either language: noyau.historique).
RAISON_ECHEANCIER = gettext_lazy("Échéancier créé à la signature")
RAISON_LIBERER = gettext_lazy("Condition remplie")
RAISON_RETIRE = gettext_lazy("Retiré de l'échéancier")
RAISON_MODIFIE = gettext_lazy("Échéancier modifié")
RAISONS = [RAISON_ECHEANCIER, RAISON_LIBERER, RAISON_RETIRE, RAISON_MODIFIE]


def verrouiller_subvention(subvention) -> Subvention:
    return Subvention.objects.select_for_update().get(pk=subvention.pk)


def echeancier_par_defaut(*, subvention, date_signature, parts=None) -> list[dict]:
    """domain.md: the schedule follows the répartition, exercice by exercice
    (exercices.lignes_de_l_exercice): a one-year grant 80 % at signature and 20 % on acceptance
    of the final report; a multi-year grant its first exercice's part at signature, each later
    part on 1 January of its exercice once the report on the year before is accepted, and the
    last 20 % on the final report. Each line carries its exercice. `parts` ({exercice: part})
    stands for the grant's répartition rows when given (a plan not saved yet)."""
    parts = parts_par_exercice(subvention) if parts is None else parts
    exercices = exercices_avec_part(parts)
    lignes = []
    for exercice in exercices:
        lignes += lignes_de_l_exercice(
            subvention=subvention,
            exercice=exercice,
            part=parts[exercice],
            exercices=exercices,
            date_signature=date_signature,
        )
    return lignes


def verifier_somme(*, subvention, lignes) -> None:
    """Σ instalments = montant accordé, to the cent, with the gap in words."""
    total = sum((ligne["montant"] for ligne in lignes), ZERO)
    ecart = subvention.montant_accorde - total
    if ecart > ZERO:
        raise ValidationError(
            _(
                "Les versements totalisent %(total)s pour un montant accordé de %(accorde)s : "
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
                "Les versements totalisent %(total)s pour un montant accordé de %(accorde)s : "
                "excédent de %(ecart)s."
            )
            % {
                "total": format_money(total),
                "accorde": format_money(subvention.montant_accorde),
                "ecart": format_money(-ecart),
            },
            code="somme",
        )


def exiger_repartition(subvention) -> dict:
    """The grant's parts per exercice; none is refused in words (every instalment belongs to
    an exercice of the répartition)."""
    parts = parts_par_exercice(subvention)
    if not parts:
        raise ValidationError(
            _(
                "Cette subvention n'a pas de répartition par exercice : fixez-la avant d'établir "
                "son échéancier, chaque versement appartenant à un exercice."
            ),
            code="exercice",
        )
    return parts


def verifier_echeancier(*, subvention, lignes) -> None:
    """The whole schedule (`lignes`: every instalment not cancelled, each with its exercice):
    Σ = montant accordé, and for every exercice Σ = its part; every gap in words."""
    parts = exiger_repartition(subvention)
    verifier_par_exercice(subvention=subvention, lignes=lignes, parts=parts)
    verifier_somme(subvention=subvention, lignes=lignes)


def _avec_exercice(ligne) -> dict:
    # An edited line's exercice is its planned date's year (the form asks for the date only).
    return {"exercice": ligne["date_prevue"].year, **ligne}


def _nouveau_versement(subvention, rang, ligne) -> Versement:
    versement = Versement(
        subvention=subvention,
        rang=rang,
        exercice=ligne.get("exercice") or ligne["date_prevue"].year,
        montant=ligne["montant"],
        date_prevue=ligne["date_prevue"],
        condition=ligne["condition"],
        condition_remplie=ligne["condition"] == C.SIGNATURE,
    )
    versement.full_clean(exclude=["subvention"])
    return versement


@transaction.atomic
def echeancier_creer(*, subvention, par, lignes=None) -> list[Versement]:
    """Creates a signed grant's schedule (the default one unless `lignes` are given): each line
    in an exercice of the répartition (its date's year), for every exercice Σ = its part, hence
    Σ = the granted amount; an instalment "à la signature" has its condition met at once. A grant
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
    lignes = [_avec_exercice(ligne) for ligne in lignes]
    erreurs = erreurs_dates(parts=exiger_repartition(subvention), lignes=lignes)
    if erreurs:
        raise ValidationError(erreurs, code="exercice")
    verifier_echeancier(subvention=subvention, lignes=lignes)
    versements = []
    for rang, ligne in enumerate(lignes, start=1):
        versement = _nouveau_versement(subvention, rang, ligne)
        auteur(versement, par, RAISON_ECHEANCIER)
        versement.save()
        versements.append(versement)
    return versements


@transaction.atomic
def versements_liberer(*, subvention, condition, par, jusqu_a_exercice=None) -> int:
    """A report was accepted: the instalments waiting on it (`condition`, still planned or
    retained) may now be authorised. Called by the reporting app when it accepts a report; it
    asks `versements.liberer` (whoever follows the file). A rapport d'étape covers a period: it
    releases the instalments of the exercices up to `jusqu_a_exercice` (the year after the one
    it reports on), not those of later years, which wait for their own report. Returns how many
    were released; releasing twice changes nothing."""
    if condition not in (C.RAPPORT_ETAPE, C.RAPPORT_FINAL):
        raise ValueError(f"Condition sans rapport: {condition!r}")
    subvention = verrouiller_subvention(subvention)
    verdict(par, "versements.liberer", subvention).exiger()
    liberes = 0
    attente = subvention.versements.filter(
        condition=condition, condition_remplie=False, statut__in=[V.PREVU, V.RETENU]
    )
    if jusqu_a_exercice is not None:
        attente = attente.filter(exercice__lte=jusqu_a_exercice)
    for versement in attente:
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


def exiger_version(subvention, version, message) -> None:
    """The schedule is still the one the form saw (`version`), or `message` says what was not
    done: a form opened before someone else's save never overwrites their work."""
    if version is None or int(version) != version_echeancier(subvention):
        raise ConflitDeVersion(message, code="conflit_version")


def condition_deja_remplie(subvention, condition, exercice) -> bool:
    # A report accepted before the edit already released its condition for this grant; a
    # rapport d'étape released the exercices up to one of its instalments', not later ones.
    if condition == C.SIGNATURE:
        return True
    deja = subvention.versements.filter(condition=condition, condition_remplie=True)
    if condition == C.RAPPORT_ETAPE:
        deja = deja.filter(exercice__gte=exercice)
    return deja.exists()


def _erreurs_exercice_garde(prevus, lignes) -> list[str]:
    """An instalment stays in its exercice: its new date may move within the year, not out."""
    erreurs = []
    for ligne in lignes:
        versement = prevus.get(ligne.get("versement"))
        if versement is not None and ligne["date_prevue"].year != versement.exercice:
            erreurs.append(
                _(
                    "Le versement n° %(rang)s appartient à l'exercice %(exercice)s : sa date "
                    "prévue reste entre le 1er janvier et le 31 décembre %(exercice)s. Pour "
                    "prévoir un versement dans un autre exercice, ajoutez une ligne datée de cet "
                    "exercice."
                )
                % {"rang": versement.rang, "exercice": versement.exercice}
            )
    return erreurs


def prevus_et_fixes(existants) -> tuple[dict, list]:
    """({pk: planned instalment}, [the authorised, retained or paid ones, which stay as they
    are]) among a schedule's instalments."""
    prevus = {v.pk: v for v in existants if v.statut == V.PREVU}
    fixes = [v for v in existants if v.statut in (V.AUTORISE, V.RETENU, V.PAYE)]
    return prevus, fixes


def verifier_nouvelles_lignes(*, subvention, prevus, fixes, lignes) -> list[dict]:
    """What the planned lines of an edit (or of a proposed change) must satisfy, whatever the
    path: each still a planned instalment, each in an exercice of the répartition (a kept
    instalment in its own), and with the fixed ones, for every exercice, Σ = its part. Returns
    the lines with their exercice."""
    if any(ligne.get("versement") and ligne["versement"] not in prevus for ligne in lignes):
        raise ValidationError(
            _("Une ligne ne correspond plus à un versement prévu : rechargez la page.")
        )
    cites = [ligne["versement"] for ligne in lignes if ligne.get("versement")]
    if len(cites) != len(set(cites)):
        # Two lines on one instalment: the sums would count both, the save would keep one.
        raise ValidationError(
            _("Deux lignes désignent le même versement : rechargez la page."), code="doublon"
        )
    lignes = [_avec_exercice(ligne) for ligne in lignes]
    parts = exiger_repartition(subvention)
    erreurs = _erreurs_exercice_garde(prevus, lignes) + erreurs_dates(parts=parts, lignes=lignes)
    if erreurs:
        raise ValidationError(erreurs, code="exercice")
    verifier_echeancier(
        subvention=subvention,
        lignes=[*lignes, *({"montant": v.montant, "exercice": v.exercice} for v in fixes)],
    )
    return lignes


@transaction.atomic
def echeancier_modifier(*, subvention, par, version, lignes, modification=None) -> list[Versement]:
    """The responsible agent edits the planned instalments of a signed grant while nothing is
    paid: for every exercice, Σ (its planned lines + its authorised or retained ones, which stay
    as they are) must equal its part of the répartition, hence Σ = the granted amount. A line's
    exercice is its date's year, a year of the répartition; a kept instalment stays in its
    exercice. A removed line is cancelled, never deleted (its money stays in history).
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
    exiger_version(
        subvention,
        version,
        _(
            "Quelqu'un d'autre a modifié cet échéancier pendant que vous le modifiiez. Rien "
            "n'a été enregistré : rechargez la page pour voir sa version, puis refaites vos "
            "changements."
        ),
    )
    existants = list(subvention.versements.all())
    prevus, fixes = prevus_et_fixes(existants)
    lignes = verifier_nouvelles_lignes(
        subvention=subvention, prevus=prevus, fixes=fixes, lignes=lignes
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
                versement.condition_remplie = condition_deja_remplie(
                    subvention, versement.condition, versement.exercice
                )
            if avant != (versement.montant, versement.date_prevue, versement.condition):
                enregistrer_versement(versement, par, RAISON_MODIFIE)
        else:
            rang += 1
            versement = _nouveau_versement(subvention, rang, ligne)
            versement.condition_remplie = condition_deja_remplie(
                subvention, versement.condition, versement.exercice
            )
            enregistrer_versement(versement, par, RAISON_MODIFIE)
        resultat.append(versement)
    return resultat
