from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from noyau.formats import MOINS, NBSP, format_money


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (Decimal("1234567.891"), f"1{NBSP}234{NBSP}567,89{NBSP}$"),
        (Decimal("0"), f"0,00{NBSP}$"),
        (Decimal("999.995"), f"1{NBSP}000,00{NBSP}$"),
        (Decimal("-1500"), f"{MOINS}1{NBSP}500,00{NBSP}$"),
        ("42.5", f"42,50{NBSP}$"),
        (7, f"7,00{NBSP}$"),
    ],
)
def test_money_en_francais(valeur, attendu):
    assert format_money(valeur, "fr-ca") == attendu


def test_money_en_anglais():
    assert format_money(Decimal("1234567.891"), "en") == "$1,234,567.89"


def test_money_negatif_avec_le_signe_moins():
    # U+2212, not the hyphen-minus: readable, and no line break can split it from the amount.
    assert format_money(Decimal("-53408"), "fr-ca") == f"\u221253{NBSP}408,00{NBSP}$"
    assert format_money(Decimal("-53408"), "en") == "\u2212$53,408.00"
    assert "-" not in format_money(Decimal("-0.5"), "fr-ca")


def test_money_suit_la_langue_active():
    gabarit = Template("{% load binam %}{{ m|money }}")
    with translation.override("fr-ca"):
        assert gabarit.render(Context({"m": Decimal("1234.5")})) == f"1{NBSP}234,50{NBSP}$"
    with translation.override("en"):
        assert gabarit.render(Context({"m": Decimal("1234.5")})) == "$1,234.50"


def test_money_vide_et_float_refuse():
    assert format_money(None) == ""
    assert format_money("") == ""
    with pytest.raises(TypeError):
        format_money(1.5)


def test_dates_en_toutes_lettres():
    import datetime

    gabarit = Template("{{ d|date }}")
    with translation.override("fr-ca"):
        assert gabarit.render(Context({"d": datetime.date(2026, 11, 26)})) == "26 novembre 2026"


def test_heure_a_la_quebecoise():
    import datetime

    gabarit = Template('{{ d|date:"DATETIME_FORMAT" }}')
    moment = datetime.datetime(2026, 11, 26, 19, 7)
    with translation.override("fr-ca"):
        assert gabarit.render(Context({"d": moment})) == "26 novembre 2026, 19\xa0h\xa007"
