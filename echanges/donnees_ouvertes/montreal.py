"""The city's own open-data columns for its grants (ORGANISME … MONTANT), as a CSV meant to be
opened in a spreadsheet: UTF-8 with a BOM (so that accents survive a double-click) and the
project's formula-injection rule on text cells (noyau.exports.reponse_csv_lignes).

MONTANT is a plain decimal number with a point and two places, no thousands separator and no
currency symbol (`12500.00`), as in the city's published files: every program reads it as a
number, and a French spreadsheet reads it as one when the column is imported as "English"
(the page says how). A decimal comma would need quoting and break every machine reader.
"""

from decimal import Decimal

from django.conf import settings

from noyau.exports import reponse_csv_lignes

from .selectors import CHUNK

COLONNES = (
    "ORGANISME",
    "SERVICE",
    "DIRECTION",
    "NO DE DOSSIER",
    "OBJET",
    "NO DÉCISION",
    "DATE SIGNATURE",
    "MONTANT",
)
CENTIEME = Decimal("0.01")


def montant(valeur) -> Decimal:
    """A Decimal with exactly two places (written `12500.00` by the csv module)."""
    return (valeur or Decimal("0")).quantize(CENTIEME)


def ligne(subvention) -> list:
    """One grant's row; `subvention` comes from selectors.subventions_ouvertes (it carries the
    exercice's share as `part_exercice`)."""
    return [
        subvention.organisme.nom_legal,
        settings.DONNEES_OUVERTES_SERVICE,
        settings.DONNEES_OUVERTES_DIRECTION,
        subvention.numero,
        subvention.titre,
        subvention.numero_resolution,
        subvention.date_decision,
        montant(subvention.part_exercice),
    ]


def lignes(subventions):
    yield list(COLONNES)
    for subvention in subventions.iterator(chunk_size=CHUNK):
        yield ligne(subvention)


def reponse(subventions, nom_fichier):
    return reponse_csv_lignes(lignes(subventions), nom_fichier)
