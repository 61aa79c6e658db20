"""Validators for Québec identifiers; each error message says what is expected."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NEQ_RE = re.compile(r"^\d{10}$")
BIENFAISANCE_RE = re.compile(r"^(\d{9})RR(\d{4})$")
CODE_POSTAL_RE = re.compile(r"^H\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")
TELEPHONE_RE = re.compile(
    r"^\+?1?\D*([2-9]\d{2})\D*(\d{3})\D*(\d{4})(?:\D*(?:poste|p\.|x|ext\.?)\D*(\d{1,6}))?\s*$", re.I
)


def normaliser_neq(valeur: str) -> str:
    return re.sub(r"[\s-]", "", valeur or "")


def valider_neq(valeur: str) -> None:
    if not NEQ_RE.match(normaliser_neq(valeur)):
        raise ValidationError(
            _("Écrivez exactement 10 chiffres, par exemple 1145678901."), code="neq"
        )


def luhn_valide(chiffres: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(chiffres)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normaliser_bienfaisance(valeur: str) -> str:
    return re.sub(r"[\s-]", "", valeur or "").upper()


def valider_numero_bienfaisance(valeur: str) -> None:
    m = BIENFAISANCE_RE.match(normaliser_bienfaisance(valeur))
    if not m:
        raise ValidationError(
            _("Le numéro d'organisme de bienfaisance a la forme 123456789RR0001."),
            code="bienfaisance_format",
        )
    if not luhn_valide(m.group(1)):
        raise ValidationError(
            _("Le numéro d'entreprise (9 premiers chiffres) est invalide : vérifiez la saisie."),
            code="bienfaisance_luhn",
        )


def normaliser_code_postal(valeur: str) -> str:
    compact = re.sub(r"\s", "", valeur or "").upper()
    return f"{compact[:3]} {compact[3:]}" if len(compact) == 6 else (valeur or "").upper()


def valider_code_postal(valeur: str) -> None:
    if not CODE_POSTAL_RE.match(normaliser_code_postal(valeur)):
        raise ValidationError(
            _("Code postal montréalais attendu, de la forme H2X 1Y4."), code="code_postal"
        )


def normaliser_telephone(valeur: str) -> str:
    m = TELEPHONE_RE.match(valeur or "")
    if not m:
        return valeur
    texte = f"{m.group(1)} {m.group(2)}-{m.group(3)}"
    return f"{texte}, poste {m.group(4)}" if m.group(4) else texte


def valider_telephone(valeur: str) -> None:
    if not TELEPHONE_RE.match(valeur or ""):
        raise ValidationError(
            _("Numéro de téléphone nord-américain attendu, ex. 514 872-1234 (poste facultatif)."),
            code="telephone",
        )
