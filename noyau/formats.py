"""One way to write money, dates and people, shared by templates, spreadsheets and PDFs."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format

NBSP = "\u00a0"
# The typographic minus: a hyphen is easy to miss and lets a line break inside an amount.
MOINS = "\u2212"
CENT = Decimal("0.01")


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("Les montants ne sont jamais des float: passer un Decimal.")
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def format_money(value, language: str | None = None) -> str:
    """`Decimal("1234567.891")` → `1 234 567,89 $` in French, `$1,234,567.89` in English.

    French uses non-breaking spaces so that an amount never wraps over two lines; a negative
    amount starts with a minus sign (U+2212), `−53 408,00 $`, never a hyphen.
    """
    amount = to_decimal(value)
    if amount is None:
        return ""
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    language = language or translation.get_language() or "fr-ca"
    sign = MOINS if amount < 0 else ""
    grouped = f"{abs(amount):,.2f}"  # 1,234,567.89
    if language.startswith("en"):
        return f"{sign}${grouped}"
    integer, cents = grouped.split(".")
    return f"{sign}{integer.replace(',', NBSP)},{cents}{NBSP}$"


def _en_francais(language: str | None = None) -> bool:
    return not (language or translation.get_language() or "fr-ca").startswith("en")


def nombre(value, language: str | None = None) -> str:
    """A count as the text writes it: `1 385` in French (no-break space, like money), `1,385` in
    English."""
    if value is None or value == "":
        return ""
    grouped = f"{int(value):,}".replace("-", MOINS)
    return grouped.replace(",", NBSP) if _en_francais(language) else grouped


# The day of the month in a date format, unless escaped (`\j`).
_JOUR = re.compile(r"(?<!\\)j")


def date_longue(value, format_name: str = "DATE_FORMAT") -> str:
    """A date (or a moment, in local time) in words, `26 novembre 2026`, and in French the first
    of the month as the Office québécois de la langue française writes it: `1er décembre 2026`.
    `format_name` is a Django format name (DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT) or a
    format string."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    format_string = get_format(format_name)
    if value.day == 1 and _en_francais():
        format_string = _JOUR.sub(r"\\1\\e\\r", format_string)
    return dateformat.format(value, format_string)


def heure(value) -> str:
    """A time of day, `10 h 47` in French (TIME_FORMAT), from a time or a moment (local time)."""
    if isinstance(value, datetime.datetime):
        return date_longue(value, "TIME_FORMAT")
    return dateformat.time_format(value, get_format("TIME_FORMAT"))


# Number format of money cells in every workbook: numeric value, displayed `1 234 567,89 $` by a
# French-Canadian spreadsheet. Excel's neutral syntax: the separators come from the reader's
# locale, and the currency is the dollar of locale 0C0C (fr-CA), written after the amount.
XLSX_MONEY_FORMAT = "#,##0.00 [$$-C0C]"


def pourcentage(part, tout) -> Decimal | None:
    """`part` as a percentage of `tout`, to one decimal (None when `tout` is zero or missing:
    no target is not 0 % reached)."""
    return None if not tout else round(Decimal(part) * 100 / Decimal(tout), 1)


def nom_complet(user) -> str:
    """A person as the screens name them: full name, else the username ("" for nobody)."""
    return (user.get_full_name() or user.get_username()) if user else ""


def nom_de_personne(prenom, nom, identifiant):
    """`nom_complet` from the three values as a query reads them (None for nobody)."""
    if identifiant is None:
        return None
    return f"{prenom} {nom}".strip() or identifiant
