"""The schedule follows the répartition (domain.md, "Grant lifecycle" and "Invariants"): every
instalment belongs to one exercice, is planned within it, and for every exercice Σ of its
instalments not cancelled = its part. This module holds the default plan of one exercice and the
checks, in words per exercice; the writes (echeancier, avenants, paiements) call them under the
grant row lock."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from noyau.formats import date_longue, format_money
from subventions.models import DELAI_RAPPORT_FINAL

from ..models import Versement

V = Versement.Statut
C = Versement.Condition
ZERO = Decimal("0")
CENT = Decimal("0.01")
# One-year grant, and the last exercice of a multi-year one: the final report holds back 20 %.
PART_AVANT_LE_RAPPORT_FINAL = Decimal("0.80")


def parts_par_exercice(subvention) -> dict[int, Decimal]:
    """{exercice: part} of the grant's répartition (exercices with a part of 0 included)."""
    return dict(subvention.repartitions.order_by("exercice").values_list("exercice", "montant"))


def dans_exercice(date, exercice) -> datetime.date:
    """The nearest day of `exercice` to `date` (a date inside it is left as it is)."""
    return min(max(date, datetime.date(exercice, 1, 1)), datetime.date(exercice, 12, 31))


def date_finale(subvention, exercice, repli) -> datetime.date:
    """The final instalment's planned date: 60 days after the end date, but within its exercice
    (31 December when that falls later; it is paid once the report is accepted, whenever, and
    still counts in its exercice)."""
    return dans_exercice((subvention.date_fin or repli) + DELAI_RAPPORT_FINAL, exercice)


def lignes_de_l_exercice(*, subvention, exercice, part, exercices, date_signature) -> list[dict]:
    """The default instalments of one exercice (`exercices`: the répartition's years with a
    part, in order). The first exercice is paid at signature; a later one at the start of its
    exercice, once the report covering the year before is accepted (rapport d'étape); the last
    keeps 20 % for the final report. Rounded down to the cent, the remainder on the last line:
    33 333,33 $ → 26 666,66 $ + 6 666,67 $."""
    if exercice == exercices[0]:
        debut = {"condition": C.SIGNATURE, "date_prevue": dans_exercice(date_signature, exercice)}
    else:
        debut = {"condition": C.RAPPORT_ETAPE, "date_prevue": datetime.date(exercice, 1, 1)}
    if exercice != exercices[-1]:
        lignes = [debut | {"montant": part}]
    else:
        premier = (part * PART_AVANT_LE_RAPPORT_FINAL).quantize(CENT, rounding=ROUND_DOWN)
        final = {
            "montant": part - premier,
            "date_prevue": date_finale(subvention, exercice, date_signature),
            "condition": C.RAPPORT_FINAL,
        }
        lignes = [debut | {"montant": premier}, final]
    return [ligne | {"exercice": exercice} for ligne in lignes if ligne["montant"] > ZERO]


def exercices_avec_part(parts) -> list[int]:
    return sorted(e for e, montant in parts.items() if montant > ZERO)


def _texte_annees(exercices) -> str:
    return ", ".join(str(e) for e in sorted(exercices)) or _("aucun")


def erreurs_dates(*, parts, lignes) -> list[str]:
    """Each line's planned date lies in an exercice of the répartition."""
    erreurs = []
    for ligne in lignes:
        date = ligne["date_prevue"]
        if date.year not in parts:
            erreurs.append(
                _(
                    "Le versement prévu le %(date)s tombe dans l'exercice %(annee)s, absent de la "
                    "répartition de cette subvention (%(exercices)s) : choisissez une date dans "
                    "l'un de ses exercices."
                )
                % {
                    "date": date_longue(date),
                    "annee": date.year,
                    "exercices": _texte_annees(parts),
                }
            )
    return erreurs


def erreurs_par_exercice(*, parts, lignes) -> list[str]:
    """For every exercice, Σ instalments (`lignes`: dicts with exercice and montant, cancelled
    ones left out) = its part, to the cent; the gap in words, per exercice."""
    sommes = {}
    for ligne in lignes:
        sommes[ligne["exercice"]] = sommes.get(ligne["exercice"], ZERO) + ligne["montant"]
    erreurs = []
    for exercice in sorted(set(parts) | set(sommes)):
        part, somme = parts.get(exercice, ZERO), sommes.get(exercice, ZERO)
        valeurs = {
            "exercice": exercice,
            "somme": format_money(somme),
            "part": format_money(part),
            "ecart": format_money(abs(part - somme)),
        }
        if somme < part:
            erreurs.append(
                _(
                    "Exercice %(exercice)s : les versements totalisent %(somme)s pour une part de "
                    "%(part)s dans la répartition : il manque %(ecart)s."
                )
                % valeurs
            )
        elif somme > part:
            erreurs.append(
                _(
                    "Exercice %(exercice)s : les versements totalisent %(somme)s pour une part de "
                    "%(part)s dans la répartition : excédent de %(ecart)s."
                )
                % valeurs
            )
    return erreurs


def verifier_par_exercice(*, subvention, lignes, parts=None) -> None:
    """Raises every per-exercice gap at once (ValidationError, code "exercice")."""
    parts = parts_par_exercice(subvention) if parts is None else parts
    erreurs = erreurs_par_exercice(parts=parts, lignes=lignes)
    if erreurs:
        raise ValidationError(erreurs, code="exercice")


def verifier_paiement(*, versement) -> None:
    """Paying this instalment keeps paid of its exercice within that exercice's part."""
    subvention = versement.subvention
    part = parts_par_exercice(subvention).get(versement.exercice, ZERO)
    deja = (
        subvention.versements.payes()
        .filter(exercice=versement.exercice)
        .exclude(pk=versement.pk)
        .total()
    )
    if deja + versement.montant > part:
        raise ValidationError(
            _(
                "Ce paiement porterait le versé de l'exercice %(exercice)s à %(total)s, au-delà "
                "de la part de cet exercice dans la répartition (%(part)s) : corrigez "
                "l'échéancier ou la répartition (avenant) avant de l'inscrire."
            )
            % {
                "exercice": versement.exercice,
                "total": format_money(deja + versement.montant),
                "part": format_money(part),
            },
            code="exercice",
        )
