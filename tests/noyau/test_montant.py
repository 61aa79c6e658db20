from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from noyau.forms import MontantFormField


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234,50\u00a0$", "1234.50"),
        ("12 500", "12500"),
        ("12,5", "12.5"),
        ("1234567.89", "1234567.89"),
        ("$1,234.50", "1234.50"),
        ("1,234,567", "1234567"),
        ("1.234,56", "1234.56"),
        ("0", "0"),
    ],
)
def test_montants_acceptes(saisie, attendu):
    assert MontantFormField().clean(saisie) == Decimal(attendu)


@pytest.mark.parametrize(
    "saisie", ["0,125", "40 000,005", "1,234", "beaucoup", "12,5,0", "-5", "1e6", "12.345"]
)
def test_montants_refuses_plutot_que_mal_lus(saisie):
    with pytest.raises(ValidationError):
        MontantFormField().clean(saisie)
