"""The Sommaire workbook opened by LibreOffice (headless), not only by openpyxl: each sheet saved
as CSV "as shown" must show the money in the fr-CA format (`1 234 567,89 $`, which the cell's
number format carries with its locale, [$$-C0C]) and its totals row must equal the database.

Skipped where LibreOffice is not installed (apt-get install libreoffice-calc-nogui)."""

import csv
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from noyau.formats import format_money
from subventions.models import Enveloppe, Repartition, Subvention
from versements.models import Versement

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) absent : apt-get install libreoffice-calc-nogui"
)
# Comma-separated, UTF-8 (76), first line 1, "save cell contents as shown" (9th token), every
# sheet to its own file (12th token: -1).
FILTRE_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


# The reader's locale: the number format gives the currency and its place, the separators come
# from the locale (with the default en-US one, LibreOffice shows `1,000,000.00 $`).
PROFIL_FR_CA = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>fr-CA</value></prop></item>
</oor:items>
"""


def somme(qs, champ="montant"):
    return qs.aggregate(t=Sum(champ))["t"] or Decimal("0")


def affiche(montant) -> str:
    """What the sheet shows, spaces made plain: LibreOffice's fr-CA thousands separator is a
    no-break space (narrow or not, by version), like format_money's."""
    return format_money(montant).replace("\xa0", " ").replace("\u202f", " ")


def lignes_csv(chemin):
    with open(chemin, encoding="utf-8", newline="") as fichier:
        return [
            [c.replace("\xa0", " ").replace("\u202f", " ") for c in r] for r in csv.reader(fichier)
        ]


@pytest.fixture
def feuilles_csv(jeu, client_de, gestionnaire, tmp_path):
    reponse = client_de(gestionnaire).get(reverse("rapports:sommaire"))
    classeur = tmp_path / "sommaire.xlsx"
    classeur.write_bytes(b"".join(reponse.streaming_content))
    (tmp_path / "profil" / "user").mkdir(parents=True)
    (tmp_path / "profil" / "user" / "registrymodifications.xcu").write_text(PROFIL_FR_CA)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profil",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTRE_CSV,
            "--outdir",
            str(tmp_path),
            str(classeur),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return {
        chemin.stem.removeprefix("sommaire-"): lignes_csv(chemin)
        for chemin in tmp_path.glob("sommaire-*.csv")
    }


def test_totaux_et_format_monetaire_vus_par_libreoffice(feuilles_csv):
    assert {"Synthèse", "Subventions", "Versements", "Territoires"} <= set(feuilles_csv)
    engages = Repartition.objects.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES)
    synthese = feuilles_csv["Synthèse"]
    assert synthese[1][:3] == ["Programme", "Exercice", "Enveloppe"]
    total = synthese[-1]
    assert total[0] == f"Total ({len(synthese) - 3} lignes)"
    assert total[2] == affiche(somme(Enveloppe.objects.all())) == "1 000 000,00 $"
    assert total[3] == affiche(somme(engages))
    assert total[4] == affiche(somme(Versement.objects.filter(statut="paye")))
    # A body cell too: 80 000,50 $ engagé for Montréal inclusive 2026's grant s2.
    assert all(c.endswith(" $") and "," in c for c in synthese[2][2:6])
    subventions = feuilles_csv["Subventions"]
    assert subventions[-1][7] == affiche(somme(Subvention.objects.all(), "montant_accorde"))
    assert "80 000,50 $" in [r[7] for r in subventions[2:-1]]
    assert feuilles_csv["Versements"][-1][3] == affiche(somme(Versement.objects.all()))
    assert feuilles_csv["Territoires"][-1][2] == affiche(somme(engages))
