"""Every identifier validator with good and bad values; normalisation as stored."""

import pytest
from django.core.exceptions import ValidationError

from organismes import validators as v
from organismes.models import Organisme
from tests.factories import OrganismeFactory


def _luhn_independant(chiffres: str) -> bool:
    # Written apart from the code under test: double every second digit from the right.
    total = 0
    for position, caractere in enumerate(reversed(chiffres), start=1):
        n = int(caractere) * (2 if position % 2 == 0 else 1)
        total += n // 10 + n % 10
    return total % 10 == 0


def test_calcul_luhn_des_exemples():
    # 123456782: 2+(8→16→7)+7+(6→12→3)+5+(4→8)+3+(2→4)+1 = 40, a multiple of 10.
    assert _luhn_independant("123456782")
    assert not _luhn_independant("123456789")  # same digits, sum 47
    for chiffres in ("123456782", "123456789", "119219814", "888888888"):
        assert v.luhn_valide(chiffres) is _luhn_independant(chiffres)


@pytest.mark.parametrize("neq", ["1145678901", "1145 678 901", "1145-678-901"])
def test_neq_valide(neq):
    v.valider_neq(neq)
    assert v.normaliser_neq(neq) == "1145678901"


@pytest.mark.parametrize("neq", ["114567890", "11456789012", "11456789AB", "", "neq"])
def test_neq_invalide(neq):
    with pytest.raises(ValidationError) as erreur:
        v.valider_neq(neq)
    assert "10 chiffres" in str(erreur.value)


def test_neq_unique(db):
    OrganismeFactory(neq="1145678901")
    doublon = Organisme(nom_legal="Autre", neq="1145 678 901")
    with pytest.raises(ValidationError) as erreur:
        doublon.full_clean()
    assert "neq" in erreur.value.message_dict


@pytest.mark.parametrize(
    ("saisie", "stocke"),
    [
        ("123456782RR0001", "123456782RR0001"),
        ("123456782rr0001", "123456782RR0001"),
        ("123456782 RR 0001", "123456782RR0001"),
        ("119219814RR0002", "119219814RR0002"),
    ],
)
def test_numero_bienfaisance_valide(saisie, stocke):
    v.valider_numero_bienfaisance(saisie)
    assert v.normaliser_bienfaisance(saisie) == stocke


@pytest.mark.parametrize(
    ("saisie", "code"),
    [
        ("123456789RR0001", "bienfaisance_luhn"),
        ("888888888RR0001", "bienfaisance_luhn"),
        ("123456782", "bienfaisance_format"),
        ("123456782RC0001", "bienfaisance_format"),
        ("12345678RR0001", "bienfaisance_format"),
        ("123456782RR001", "bienfaisance_format"),
    ],
)
def test_numero_bienfaisance_invalide(saisie, code):
    with pytest.raises(ValidationError) as erreur:
        v.valider_numero_bienfaisance(saisie)
    assert erreur.value.code == code


@pytest.mark.parametrize(
    ("saisie", "stocke"),
    [("H2X 1Y4", "H2X 1Y4"), ("h2x1y4", "H2X 1Y4"), ("H3A2R7", "H3A 2R7"), ("h1a 0a1", "H1A 0A1")],
)
def test_code_postal_montrealais(saisie, stocke):
    v.valider_code_postal(saisie)
    assert v.normaliser_code_postal(saisie) == stocke


@pytest.mark.parametrize(
    "saisie",
    [
        "J4K 1A1",  # Longueuil: Québec, not Montréal
        "G1R 4P5",  # Québec City
        "H2D 1Y4",  # D is never used in that position
        "H2X 1O4",  # nor O
        "H2X1Y",
        "H2X 1Y45",
        "2HX 1Y4",
    ],
)
def test_code_postal_refuse(saisie):
    with pytest.raises(ValidationError) as erreur:
        v.valider_code_postal(saisie)
    assert "H2X 1Y4" in str(erreur.value)


@pytest.mark.parametrize(
    ("saisie", "stocke"),
    [
        ("514 872-1234", "514 872-1234"),
        ("(514) 872-1234", "514 872-1234"),
        ("5148721234", "514 872-1234"),
        ("+1 514-872-1234", "514 872-1234"),
        ("438.555.0199 poste 22", "438 555-0199, poste 22"),
        ("514 872-1234 x 7", "514 872-1234, poste 7"),
    ],
)
def test_telephone_valide(saisie, stocke):
    v.valider_telephone(saisie)
    assert v.normaliser_telephone(saisie) == stocke


@pytest.mark.parametrize("saisie", ["123", "514 872-123", "014 872-1234", "téléphone", "514 872"])
def test_telephone_invalide(saisie):
    with pytest.raises(ValidationError):
        v.valider_telephone(saisie)


def _organisme(**champs):
    return Organisme(nom_legal="Centre test", neq="1145678901", **champs)


@pytest.mark.parametrize("courriel", ["info@exemple.org", "direction.generale@organisme.qc.ca"])
def test_courriel_valide(db, courriel):
    _organisme(courriel=courriel).full_clean()


@pytest.mark.parametrize("courriel", ["info", "info@", "@exemple.org", "info exemple.org"])
def test_courriel_invalide(db, courriel):
    with pytest.raises(ValidationError) as erreur:
        _organisme(courriel=courriel).full_clean()
    assert set(erreur.value.message_dict) == {"courriel"}


@pytest.mark.parametrize("url", ["https://exemple.org", "http://organisme.qc.ca/accueil"])
def test_site_web_valide(db, url):
    _organisme(site_web=url).full_clean()


@pytest.mark.parametrize("url", ["exemple", "javascript:alert(1)", "ftp//exemple.org"])
def test_site_web_invalide(db, url):
    with pytest.raises(ValidationError) as erreur:
        _organisme(site_web=url).full_clean()
    assert set(erreur.value.message_dict) == {"site_web"}


def test_le_modele_normalise_avant_enregistrement(db):
    organisme = _organisme(
        code_postal="h2x1y4", telephone="(514) 872-1234", numero_bienfaisance="123456782rr0001"
    )
    organisme.full_clean()
    assert organisme.code_postal == "H2X 1Y4"
    assert organisme.telephone == "514 872-1234"
    assert organisme.numero_bienfaisance == "123456782RR0001"
