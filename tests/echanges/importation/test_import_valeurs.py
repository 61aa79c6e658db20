import datetime
import io
import re
from decimal import Decimal

import pytest

from echanges.importation import valeurs as v
from echanges.importation.colonnes import reconnaitre
from echanges.importation.lecture import FichierRefuse, FormuleNonCalculee, Pourcentage, lire
from echanges.importation.services import importation_executer
from subventions.models import Subvention


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("12 500,00 $", "12500.00"),
        ("12500", "12500.00"),
        ("12 500 $", "12500.00"),
        ("12,500.00", "12500.00"),
        ("1 234,56 $", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12 500$", "12500.00"),
        ("19.99", "19.99"),
        ("0,3", "0.30"),
        ("12\u00a0500,5", "12500.50"),
        (12500, "12500.00"),
        (15000.5, "15000.50"),
        ("", None),
        (None, None),
    ],
)
def test_montants_comme_on_les_tape(saisie, attendu):
    assert v.montant(saisie) == (Decimal(attendu) if attendu else None)


@pytest.mark.parametrize("saisie", ["douze mille", "-5", "1,234", "12,345,6", "1e6", "0,125"])
def test_montants_refuses(saisie):
    with pytest.raises(v.ValeurInvalide):
        v.montant(saisie)


@pytest.mark.parametrize("saisie", ["12,500", "$12,500", "$1,000", "2,000 $", "1.500"])
def test_separateur_de_milliers_anglais_refuse_plutot_que_lu_en_cents(saisie):
    with pytest.raises(v.ValeurInvalide, match=f"Montant ambigu « {re.escape(saisie)} »"):
        v.montant(saisie)


@pytest.mark.parametrize(
    ("calcul", "attendu"),
    [(12500 * 1.1, "13750.00"), (0.1 + 0.2, "0.30"), (1234.56 * 3, "3703.68"), (19.99, "19.99")],
)
def test_reste_de_calcul_d_une_formule_est_le_cent_le_plus_proche(calcul, attendu):
    """=F2*1.1 is cached as 13750.000000000002: an amount, not three-decimal noise."""
    assert v.montant(calcul) == Decimal(attendu)


@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        (13750.004, "Montant « 13750.004 » : un montant a au plus deux décimales (les cents)."),
        (-12.5, "Un montant ne peut pas être négatif : « -12.5 »."),
        ("-5", "Un montant ne peut pas être négatif : « -5 »."),
        (1e12, "Montant trop élevé : « 1000000000000 »."),
        (float("nan"), "Montant invalide « nan »."),
        # A crafted cell 1E999 shown as a percentage: refused, not an HTTP 500 (TypeError).
        (Pourcentage("inf"), "Montant invalide « inf »."),
    ],
)
def test_les_refus_de_montant_citent_la_valeur_lue(valeur, message):
    with pytest.raises(v.ValeurInvalide) as exc:
        v.montant(valeur)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    "saisie",
    [
        "2026-03-31",
        "31/03/2026",
        "31 mars 2026",
        "31 MARS 2026",
        datetime.datetime(2026, 3, 31, 0, 0),
        datetime.date(2026, 3, 31),
        46112,
    ],
)
def test_dates_comme_on_les_tape(saisie):
    assert v.date(saisie) == datetime.date(2026, 3, 31)


def test_dates_francaises_avec_accents_et_premier():
    assert v.date("1er février 2025") == datetime.date(2025, 2, 1)
    assert v.date("15 août 2025") == datetime.date(2025, 8, 15)


@pytest.mark.parametrize("saisie", ["31/02/2026", "demain", "2026-13-01", "32 mars 2026"])
def test_dates_refusees(saisie):
    with pytest.raises(v.ValeurInvalide):
        v.date(saisie)


def test_neq_resolution_numero_exercice():
    assert v.neq(" 1145 678-901 ") == "1145678901"
    assert v.neq(1145678901) == "1145678901"
    with pytest.raises(v.ValeurInvalide):
        v.neq("12345")
    assert v.resolution("ce25-1234") == "CE25 1234"
    assert v.numero(" binam-2026-057 ") == "BINAM-2026-057"
    with pytest.raises(v.ValeurInvalide):
        v.numero("2026-057")
    assert v.exercice(2025.0) == 2025
    with pytest.raises(v.ValeurInvalide):
        v.exercice("25")


@pytest.mark.parametrize(
    ("saisie", "statut"),
    [
        ("Approuvée", Subvention.Statut.APPROUVEE),
        (" approuve ", Subvention.Statut.APPROUVEE),
        ("CONVENTION SIGNÉE", Subvention.Statut.CONVENTION_SIGNEE),
        ("Clôturé", Subvention.Statut.FERMEE),
        ("rejetée", Subvention.Statut.REFUSEE),
        ("À l'étude", Subvention.Statut.EN_ANALYSE),
    ],
)
def test_statuts_et_leurs_variantes(saisie, statut):
    assert v.statut(saisie) == statut


def test_entetes_sans_egard_aux_accents_casse_espaces():
    colonnes = reconnaitre([" MONTANT  accorde ", "Numéro d'entreprise", "Année", "Titre", "?"])
    assert [c.cle for c in colonnes.values()] == ["montant_accorde", "neq", "exercice", "titre"]


CSV = (
    "Organisme;NEQ;Arrondissement;Programme;Titre du projet;Montant demandé;Statut\n"
    "Café de l'Est;1150 000 009;Rosemont-La Petite-Patrie;Montréal inclusive;Écoute;"
    "1 500,00 $;En analyse\n"
)


@pytest.mark.parametrize(
    "octets",
    [
        CSV.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV.encode("utf-8"),
        CSV.encode("cp1252"),
        CSV.replace(";", ",").replace("1 500,00 $", '"1 500,00 $"').encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "virgules"],
)
def test_csv_encodages_et_separateurs(referentiel_import, agent, octets):
    _importation, plan = importation_executer(
        fichier=io.BytesIO(octets), nom="liste.csv", par=agent, essai=False, source="commande"
    )
    assert plan.erreurs == []
    subvention = Subvention.objects.get()
    assert subvention.titre == "Écoute" and subvention.organisme.nom_legal == "Café de l'Est"
    assert subvention.organisme.arrondissement.nom == "Rosemont–La Petite-Patrie"
    assert subvention.montant_demande == Decimal("1500.00")


def test_formule_lue_comme_sa_valeur(referentiel_import, agent):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Organisme", "NEQ", "Programme", "Titre du projet", "Montant demandé"])
    wb.active.append(["Café", "1150000009", "Montréal inclusive", '=HYPERLINK("x","y")', "=1+1"])
    tampon = io.BytesIO()
    wb.save(tampon)
    # openpyxl writes no computed value: the formula is never run, nor read as an empty cell
    # or as a text, but marked as never computed (an error of its cell: test_import_feuilles).
    tableau = lire(tampon, "f.xlsx")
    cellules = tableau.lignes[0][1][3:5]
    assert all(type(c) is FormuleNonCalculee for c in cellules)
    assert cellules == ['=HYPERLINK("x","y")', "=1+1"]


def test_trop_de_lignes(monkeypatch):
    monkeypatch.setattr("echanges.importation.lecture.LIGNES_MAX", 2)
    contenu = "Organisme;Programme;Titre\n" + "A;B;C\n" * 3
    with pytest.raises(FichierRefuse, match="plus de 2 lignes"):
        lire(io.BytesIO(contenu.encode()), "x.csv")
