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
        ("1,234.56", "1234.56"),
        ("12 500$", "12500"),
        ("19.99", "19.99"),
        ("0,3", "0.3"),
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


@pytest.mark.parametrize("saisie", ["12,500", "$12,500", "$1,000", "2,000 $", "1.500", "1,234"])
def test_un_seul_separateur_suivi_de_trois_chiffres_est_ambigu(saisie):
    """Thousands or a trailing-zero decimal? Read as 12.50 $, "12,500" was a thousandfold error
    that depended on trailing zeros ("1,234" was refused for its third decimal)."""
    with pytest.raises(ValidationError) as exc:
        MontantFormField().clean(saisie)
    assert exc.value.code == "ambigu"
    assert f"« {saisie} »" in exc.value.messages[0]
    assert "12 500,00 $ ou 12500" in exc.value.messages[0]
