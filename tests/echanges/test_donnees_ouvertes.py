"""Open data in Montréal's columns, the staff page and the public URLs."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from echanges.donnees_ouvertes.montreal import COLONNES
from noyau.formats import format_money
from subventions.models import Subvention
from subventions.selectors import totaux_subventions
from tests.echanges.donnees_ouvertes import S, contenu, subvention
from tests.factories import ProgrammeFactory


def url(nom, programme, exercice, fichier):
    return reverse(
        f"echanges:{nom}",
        kwargs={"programme": programme.code, "exercice": exercice, "fichier": fichier},
    )


def lire_csv(brut):
    return list(csv.reader(io.StringIO(brut.decode("utf-8-sig"))))


@pytest.fixture
def montreal(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    reponse = client.get(
        url("donnees_ouvertes_fichier", donnees["programme"], 2026, "montreal.csv")
    )
    assert reponse.status_code == 200
    return reponse


def test_montreal_entete_bom_et_nom_de_fichier(montreal):
    brut = contenu(montreal)
    assert brut.startswith("\ufeff".encode())
    assert lire_csv(brut)[0] == list(COLONNES)
    assert lire_csv(brut)[0][5] == "NO DÉCISION"
    assert montreal["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        montreal["Content-Disposition"]
        == 'attachment; filename="donnees-ouvertes-montreal-inclusive-2026.csv"'
    )


def test_montreal_lignes_et_valeurs(montreal, donnees, settings):
    rangees = lire_csv(contenu(montreal))[1:]
    assert [r[3] for r in rangees] == [s.numero for s in donnees["publiees"]]
    a = donnees["a"]
    assert rangees[0] == [
        "Carrefour d'accueil Côte-des-Neiges–Notre-Dame-de-Grâce",
        settings.DONNEES_OUVERTES_SERVICE,
        settings.DONNEES_OUVERTES_DIRECTION,
        a.numero,
        # Stored text as it is: no HTML stripping, accents and guillemets intact.
        "Accueil des réfugiés & « nouveaux arrivants » <b>été</b>",
        "CE26 0123",
        "2026-03-04",
        "30000.50",  # the 2026 share, not the 40 000,00 $ granted
    ]


def test_montreal_total_egal_a_la_part_de_l_exercice_des_ecrans(montreal, donnees):
    rangees = lire_csv(contenu(montreal))[1:]
    total = sum((Decimal(r[7]) for r in rangees), Decimal("0"))
    ecrans = totaux_subventions(
        subventions=Subvention.objects.filter(programme=donnees["programme"]), exercice=2026
    )["accorde_exercice"]
    assert total == ecrans == Decimal("46000.50")


def test_montreal_sans_subvention_annulee_refusee_ni_en_analyse(montreal, donnees):
    numeros = {r[3] for r in lire_csv(contenu(montreal))[1:]}
    for s in donnees["absentes"]:
        assert s.numero not in numeros, s.statut


def test_montreal_formule_neutralisee(montreal, donnees):
    rangees = lire_csv(contenu(montreal))[1:]
    objet = next(r[4] for r in rangees if r[3] == donnees["formule"].numero)
    assert objet == '\'=HYPERLINK("http://x")'


def test_montreal_exercice_2027(client, agent, donnees):
    client.force_login(agent)
    brut = contenu(
        client.get(url("donnees_ouvertes_fichier", donnees["programme"], 2027, "montreal.csv"))
    )
    assert [(r[3], r[7]) for r in lire_csv(brut)[1:]] == [
        (donnees["a"].numero, "9999.50"),
        (donnees["absentes"][3].numero, "8000.00"),
    ]


@pytest.mark.parametrize(
    ("programme", "exercice", "fichier"),
    [
        ("inconnu", 2026, "montreal.csv"),
        ("montreal-inclusive", 1999, "montreal.csv"),
        ("montreal-inclusive", 2101, "montreal.csv"),
        ("montreal-inclusive", 2026, "montreal.xlsx"),
        ("montreal-inclusive", 2026, "..%2Fsecret"),
    ],
)
def test_fichier_mauvaise_entree_404(client, gestionnaire, donnees, programme, exercice, fichier):
    client.force_login(gestionnaire)
    chemin = f"/echanges/donnees-ouvertes/{programme}/{exercice}/{fichier}"
    assert client.get(chemin).status_code == 404


def test_page_formulaire_et_liens(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    reponse = client.get(
        reverse("echanges:donnees_ouvertes"), {"programme": "montreal-inclusive", "exercice": 2026}
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    for fichier in ("montreal.csv", "360giving.csv", "360giving.json"):
        assert url("donnees_ouvertes_fichier", donnees["programme"], 2026, fichier) in page
    assert reponse.context["nombre"] == 3
    assert reponse.context["total"] == Decimal("46000.50")
    assert format_money(Decimal("46000.50")) in page
    assert "publiques/" not in page  # the public URLs are off


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "inconnu", "exercice": "2026"},
        {"programme": "montreal-inclusive", "exercice": "deux mille"},
        {"programme": "montreal-inclusive", "exercice": "1800"},
        {"programme": "", "exercice": "2026"},
    ],
)
def test_page_mauvaise_entree_erreur_en_francais(client, gestionnaire, donnees, params):
    client.force_login(gestionnaire)
    reponse = client.get(reverse("echanges:donnees_ouvertes"), params)
    assert reponse.status_code == 200
    assert reponse.context["filter"].form.errors
    assert "liens" not in reponse.context
    assert "Corrigez le programme ou l'exercice" in reponse.content.decode()


def test_page_sans_exercice_prend_l_exercice_courant(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    reponse = client.get(reverse("echanges:donnees_ouvertes"), {"programme": "montreal-inclusive"})
    assert reponse.context["filter"].is_valid()
    assert "liens" in reponse.context


def test_liens_depuis_le_tableau_de_bord_et_le_programme(client, gestionnaire, administrateur):
    programme = ProgrammeFactory()
    page = reverse("echanges:donnees_ouvertes")
    client.force_login(gestionnaire)
    assert page in client.get(reverse("rapports:tableau_de_bord")).content.decode()
    # The administrator reads the programme page (not the dashboard) and may download.
    client.force_login(administrateur)
    assert (
        f"{page}?programme={programme.code}"
        in client.get(programme.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("fichier", ["montreal.csv", "360giving.csv", "360giving.json"])
def test_urls_publiques_selon_le_reglage(client, settings, donnees, fichier):
    chemin = url("donnees_ouvertes_publiques", donnees["programme"], 2026, fichier)
    settings.DONNEES_OUVERTES_PUBLIQUES = False
    assert client.get(chemin).status_code == 404
    settings.DONNEES_OUVERTES_PUBLIQUES = True
    reponse = client.get(chemin)
    assert reponse.status_code == 200
    assert donnees["a"].numero.encode() in contenu(reponse)


def test_urls_publiques_mauvaise_entree_404(client, settings, donnees):
    settings.DONNEES_OUVERTES_PUBLIQUES = True
    assert (
        client.get("/echanges/donnees-ouvertes/publiques/inconnu/2026/montreal.csv").status_code
        == 404
    )


def test_page_montre_les_adresses_publiques_quand_actives(client, gestionnaire, settings, donnees):
    settings.DONNEES_OUVERTES_PUBLIQUES = True
    client.force_login(gestionnaire)
    page = client.get(
        reverse("echanges:donnees_ouvertes"), {"programme": "montreal-inclusive", "exercice": 2026}
    ).content.decode()
    assert (
        "http://testserver"
        + url("donnees_ouvertes_publiques", donnees["programme"], 2026, "montreal.csv")
        in page
    )


def _requetes(client, programme, fichier):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url("donnees_ouvertes_fichier", programme, 2026, fichier))
        contenu(reponse)
    return len(requetes)


@pytest.mark.parametrize("fichier", ["montreal.csv", "360giving.csv", "360giving.json"])
def test_nombre_de_requetes_constant(client, gestionnaire, fichier):
    client.force_login(gestionnaire)
    programme = ProgrammeFactory(code="constant")
    for _i in range(5):
        subvention(programme, S.EN_COURS, {2026: Decimal("100.00")})
    avec_5 = _requetes(client, programme, fichier)
    for _i in range(45):
        subvention(programme, S.EN_COURS, {2026: Decimal("100.00")})
    avec_50 = _requetes(client, programme, fichier)
    assert avec_5 == avec_50
