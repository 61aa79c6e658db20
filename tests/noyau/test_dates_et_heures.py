"""One way to write dates and times in words: `1er décembre 2026`, `10 h 47`, in templates
(Django's `date` and `time` filters replaced), tables, history and documents alike."""

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from noyau.formats import date_longue, heure, nombre
from noyau.tables import DateColumn

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")
PREMIER = datetime.date(2026, 12, 1)
MOMENT = datetime.datetime(2026, 12, 1, 10, 47, tzinfo=MONTREAL)


def rendu(source, **contexte) -> str:
    return Template(source).render(Context(contexte))


def test_premier_du_mois():
    assert date_longue(PREMIER) == "1er décembre 2026"
    assert date_longue(datetime.date(2026, 12, 11)) == "11 décembre 2026"
    assert date_longue(datetime.date(2026, 12, 21)) == "21 décembre 2026"
    assert date_longue(PREMIER, "MONTH_DAY_FORMAT") == "1er décembre"
    assert date_longue(PREMIER, "SHORT_DATE_FORMAT") == "2026-12-01"


def test_heure_a_la_quebecoise():
    assert heure(MOMENT) == "10\xa0h\xa047"
    assert heure(datetime.time(9, 5)) == "9\xa0h\xa005"  # OQLF: no leading zero on the hour
    assert heure(datetime.time(0, 30)) == "0\xa0h\xa030"
    assert date_longue(MOMENT, "DATETIME_FORMAT") == "1er décembre 2026, 10\xa0h\xa047"


def test_en_anglais_pas_de_er():
    with translation.override("en"):
        assert "er" not in date_longue(PREMIER).split()[1]
        assert nombre(1385) == "1,385"


def test_nombres_avec_espace_insecable():
    assert nombre(1385) == "1\xa0385"
    assert nombre(12) == "12"
    assert nombre(None) == ""


def test_filtres_date_et_time_des_gabarits():
    assert rendu("{{ d|date }}", d=PREMIER) == "1er décembre 2026"
    assert rendu('{{ m|date:"DATETIME_FORMAT" }}', m=MOMENT) == "1er décembre 2026, 10\xa0h\xa047"
    assert rendu('{{ d|date:"Y-m-d" }}', d=PREMIER) == "2026-12-01"
    assert rendu("{{ m|time }}", m=MOMENT) == "10\xa0h\xa047"
    assert rendu("{{ rien|date }}", rien=None) == ""


def test_colonne_de_date_des_tableaux():
    assert DateColumn(short=False).render(PREMIER) == "1er décembre 2026"
    assert DateColumn(format="DATETIME_FORMAT").render(MOMENT) == "1er décembre 2026, 10\xa0h\xa047"


def test_aucun_gabarit_n_ecrit_l_heure_a_l_anglaise():
    """`H:i` in a template prints "10:49" beside the "10 h 47" of every other page."""
    fautifs = [
        str(p)
        for p in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "H:i" in p.read_text(encoding="utf-8")
    ]
    assert not fautifs
