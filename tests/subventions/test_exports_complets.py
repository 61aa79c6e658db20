"""The grants list's xlsx and CSV carry more than the screen (asked amount, dates, decision,
borough, rubriques, répartition per exercice), a totals row, widths and a printable page setup;
the répartition and rubriques are read without a query per row."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from noyau.formats import XLSX_MONEY_FORMAT
from referentiel.models import Rubrique, Territoire
from subventions.models import Subvention
from tests.classeurs import largeurs as largeurs_des_colonnes
from tests.factories import (
    OrganismeFactory,
    RepartitionFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
)

URL = "/subventions/"


def classeur(reponse):
    assert reponse.status_code == 200
    return load_workbook(io.BytesIO(reponse.getvalue())).active


def valeurs(feuille):
    return [[c.value for c in r] for r in feuille.iter_rows()]


@pytest.fixture
def jeu(agent):
    arrondissement = Territoire.objects.order_by("nom").first()
    rubriques = list(Rubrique.objects.order_by("ordre")[:2])
    organisme = OrganismeFactory(
        nom_legal="Carrefour d'accueil et d'intégration des nouveaux arrivants de Saint-Laurent",
        arrondissement=arrondissement,
    )
    # Both approved or later: their montant accordé is a decision, exported as a number.
    a = SubventionFactory(
        numero="BINAM-2025-001",
        statut=Subvention.Statut.APPROUVEE,
        organisme=organisme,
        agent=agent,
        montant_demande=Decimal("90000.00"),
        montant_accorde=Decimal("75000.50"),
        date_debut=datetime.date(2025, 7, 1),
        date_fin=datetime.date(2027, 6, 30),
        numero_resolution="CE25 1234",
        date_decision=datetime.date(2025, 6, 11),
        numero_gdd="1256789012",
    )
    RepartitionFactory(subvention=a, exercice=2025, montant=Decimal("25000.50"))
    RepartitionFactory(subvention=a, exercice=2027, montant=Decimal("50000.00"))
    for rubrique in reversed(rubriques):
        ServiceFinanceFactory(
            subvention=a,
            service=ServiceFactory(organisme=organisme, rubrique=rubrique),
            montant=Decimal("100"),
        )
    b = SubventionFactory(
        numero="BINAM-2026-002",
        statut=Subvention.Statut.EN_COURS,
        montant_accorde=Decimal("10000.25"),
    )
    RepartitionFactory(subvention=b, exercice=2026, montant=Decimal("10000.25"))
    return {"a": a, "b": b, "arrondissement": arrondissement, "rubriques": rubriques}


def test_colonnes_du_fichier_et_ligne_de_totaux(client_de, agent, jeu):
    feuille = classeur(client_de(agent).get(URL, {"sort": "numero", "_export": "xlsx"}))
    lignes = valeurs(feuille)
    assert lignes[0][6:] == [
        "Montant proposé",
        "Montant accordé",
        "Montant demandé",
        "Date de début",
        "Date de fin",
        "Numéro de résolution",
        "Date de la décision",
        "Numéro GDD",
        "Arrondissement de l'organisme",
        "Rubriques financées",
        "Part accordée 2025",
        "Part accordée 2026",
        "Part accordée 2027",
    ]
    a = lignes[1]
    assert a[0] == "BINAM-2025-001"
    # Approved: nothing under "Montant proposé", an empty cell (never text in an amount
    # column, which a spreadsheet could then not sum).
    assert a[6] is None and lignes[2][6] is None
    assert a[8] == 90000
    assert [v.date() for v in a[9:11]] == [datetime.date(2025, 7, 1), datetime.date(2027, 6, 30)]
    assert a[11:13] == ["CE25 1234", datetime.datetime(2025, 6, 11)]
    assert a[13] == "1256789012"
    assert a[14] == jeu["arrondissement"].nom
    assert a[15] == ", ".join(r.nom for r in jeu["rubriques"])  # the guide's order, once each
    assert a[16:19] == [25000.5, None, 50000]
    assert lignes[2][16:19] == [None, 10000.25, None]

    rangees = list(feuille.iter_rows())
    for cellule in (rangees[1][7], rangees[1][8], rangees[1][16], rangees[2][17]):
        assert cellule.data_type == "n" and cellule.number_format == XLSX_MONEY_FORMAT
    assert rangees[1][9].number_format == "yyyy-mm-dd"

    totaux = lignes[3]
    assert totaux[0] == "Total"
    assert all(c.font.b for c in rangees[3])
    # An amount column with no amount in it still totals 0,00 $ (a number, as on screen).
    assert totaux[6] == 0 and rangees[3][6].data_type == "n"
    for j in (6, 7, 8, 16, 17, 18):
        somme = sum(Decimal(str(r[j])) for r in lignes[1:3] if r[j] is not None)
        assert Decimal(str(totaux[j])).quantize(Decimal("0.01")) == somme, lignes[0][j]
        assert rangees[3][j].number_format == XLSX_MONEY_FORMAT
    assert totaux[7] == pytest.approx(85000.75)
    assert feuille.auto_filter.ref == "A1:S3"  # the totals row stays out of sorting


def test_une_proposition_hors_des_parts_accordees(client_de, agent, jeu):
    """A file not decided yet: its amount under "Montant proposé", its répartition in no
    "Part accordée" column (their totals are the exercices' engagé)."""
    c = SubventionFactory(
        numero="BINAM-2026-003", statut=Subvention.Statut.RECOMMANDEE, montant_accorde=777
    )
    RepartitionFactory(subvention=c, exercice=2026, montant=777)
    lignes = valeurs(classeur(client_de(agent).get(URL, {"sort": "numero", "_export": "xlsx"})))
    ligne = next(li for li in lignes if li[0] == "BINAM-2026-003")
    assert ligne[6] == 777 and ligne[7] is None and ligne[16:19] == [None, None, None]
    assert lignes[-1][17] == pytest.approx(10000.25)


def test_un_exercice_filtre_donne_sa_seule_colonne(client_de, agent, jeu):
    lignes = valeurs(classeur(client_de(agent).get(URL, {"exercice": "2026", "_export": "xlsx"})))
    assert lignes[0][16:] == ["Part accordée 2026"]
    assert [r[0] for r in lignes[1:]] == ["BINAM-2026-002", "Total"]


def test_mise_en_page_et_largeurs(client_de, agent, jeu):
    feuille = classeur(client_de(agent).get(URL, {"_export": "xlsx"}))
    assert feuille.page_setup.orientation == "landscape"
    # One page wide (1 is fitToWidth's default in the standard: a writer may leave it out),
    # as many pages down as needed.
    assert feuille.page_setup.fitToWidth in (1, "1", None)
    assert int(feuille.page_setup.fitToHeight) == 0
    assert feuille.sheet_properties.pageSetUpPr.fitToPage
    assert feuille.print_title_rows == "$1:$1"
    par_lettre = largeurs_des_colonnes(feuille)
    largeurs = {
        entete.value: par_lettre[entete.column_letter]
        for entete in next(feuille.iter_rows(max_row=1))
    }
    assert largeurs["Organisme"] >= 40 and largeurs["Projet"] >= 40
    assert largeurs["Numéro"] >= len("BINAM-2025-001")
    assert all(largeur >= len(entete) for entete, largeur in largeurs.items())


def test_csv_memes_colonnes_avec_bom(client_de, agent, jeu):
    reponse = client_de(agent).get(URL, {"sort": "numero", "_export": "csv"})
    contenu = b"".join(reponse.streaming_content)
    assert contenu.startswith(b"\xef\xbb\xbf")
    lignes = list(csv.reader(io.StringIO(contenu.decode("utf-8-sig"))))
    assert lignes[0][-3:] == ["Part accordée 2025", "Part accordée 2026", "Part accordée 2027"]
    assert lignes[1][8] == "90000.00" and lignes[1][16:19] == ["25000.50", "", "50000.00"]
    assert lignes[1][6] == lignes[2][6] == ""  # no amount proposed: an empty cell, not "—"
    assert len(lignes) == 3  # no totals row in the CSV: every line is a grant


@pytest.mark.parametrize("format_export", ["xlsx", "csv"])
def test_pas_de_requete_par_ligne(
    client_de, agent, jeu, format_export, django_assert_max_num_queries
):
    client = client_de(agent)

    def exporter():
        reponse = client.get(URL, {"_export": format_export})
        if format_export == "csv":
            return b"".join(reponse.streaming_content)
        return reponse.getvalue()

    with django_assert_max_num_queries(100) as avant:
        exporter()
    for i in range(15):
        s = SubventionFactory(organisme=jeu["a"].organisme)
        RepartitionFactory(subvention=s, exercice=2025 + i % 3, montant=s.montant_accorde)
        ServiceFinanceFactory(subvention=s)
    with django_assert_max_num_queries(len(avant.captured_queries)):
        exporter()
