"""The directory as JSON and CSV (same filters, stable fields, headers) and its cache."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from echanges.repertoire.donnees import NOMS
from subventions.models import Subvention
from tests.echanges.repertoire_donnees import service_finance
from tests.factories import ContactFactory, OrganismeFactory

pytestmark = pytest.mark.django_db
JSON, CSV, PAGE = "/repertoire/services.json", "/repertoire/services.csv", "/repertoire/"


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


def lignes_csv(reponse):
    texte = reponse.content.decode("utf-8")
    assert texte.startswith("\ufeff")
    return list(csv.reader(io.StringIO(texte[1:])))


def test_json_champs_stables_et_en_tetes(client):
    organisme = OrganismeFactory(
        nom_legal="Centre social d'aide aux immigrants inc.",
        nom_usage="",
        adresse="6201, rue Laurendeau",
        code_postal="H4E 3X8",
        telephone="514 932-2953",
        courriel="info@csai.qc.ca",
        site_web="https://csai.qc.ca",
    )
    service = service_finance(
        organisme=organisme,
        nom="Accueil",
        description="Première orientation",
        lieu="Au centre",
        statuts=["demandeur-asile", "refugie-protege"],
        territoires=["montreal-nord"],
    )
    reponse = client.get(JSON)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json"
    assert reponse["Access-Control-Allow-Origin"] == "*"
    assert reponse["Cache-Control"] == "public, max-age=900"
    donnees = json.loads(reponse.content)
    assert donnees["nombre"] == 1 and donnees["champs"] == NOMS
    assert donnees["services"] == [
        {
            "id": service.pk,
            "service": "Accueil",
            "description": "Première orientation",
            "lieu": "Au centre",
            "rubrique_code": "sinstaller-se-loger",
            "rubrique": "S'installer et se loger",
            "statuts_codes": ["demandeur-asile", "refugie-protege"],
            "statuts": ["Demandeur·euse d'asile", "Réfugié·e ou personne protégée"],
            "territoires_codes": ["montreal-nord"],
            "territoires": ["Montréal-Nord"],
            "organisme": "Centre social d'aide aux immigrants inc.",
            "adresse": "6201, rue Laurendeau",
            "code_postal": "H4E 3X8",
            "telephone": "514 932-2953",
            "courriel": "info@csai.qc.ca",
            "site_web": "https://csai.qc.ca",
        }
    ]


def test_csv_utf8_avec_bom_memes_colonnes_listes_separees(client):
    service_finance(nom='=HYPERLINK("x")', statuts=["demandeur-asile", "refugie-protege"])
    reponse = client.get(CSV)
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="repertoire-services-')
    assert reponse["Cache-Control"] == "public, max-age=900"
    assert "Access-Control-Allow-Origin" not in reponse
    entete, ligne = lignes_csv(reponse)
    assert entete == NOMS
    fiche = dict(zip(entete, ligne, strict=True))
    assert fiche["statuts_codes"] == "demandeur-asile; refugie-protege"
    assert fiche["service"] == '\'=HYPERLINK("x")'  # never run as a formula


def noms(url, reponse):
    if url == JSON:
        return [s["service"] for s in json.loads(reponse.content)["services"]]
    return [ligne[1] for ligne in lignes_csv(reponse)[1:]]


@pytest.mark.parametrize("url", [JSON, CSV])
def test_memes_filtres_que_la_page(client, url):
    service_finance(nom="A", statuts=["demandeur-asile"], territoires=["montreal-nord"])
    service_finance(nom="B", statuts=["demandeur-asile"], territoires=["verdun"])
    service_finance(
        nom="C", statuts=["etudiant-international"], rubrique="travailler", territoires=["anjou"]
    )
    assert noms(url, client.get(url)) == ["A", "B", "C"]
    filtres = {"statut": "demandeur-asile", "territoire": "montreal-nord"}
    assert noms(url, client.get(url, filtres)) == ["A"]
    assert noms(url, client.get(url, {"rubrique": "travailler"})) == ["C"]
    assert noms(url, client.get(url, {"territoire": "verdun", "utm": "x"})) == ["B"]


def test_un_code_inconnu_donne_une_erreur_400_en_francais(client):
    reponse = client.get(JSON, {"statut": "inconnu", "territoire": "montreal-nord"})
    assert reponse.status_code == 400
    erreurs = json.loads(reponse.content)["erreurs"]
    assert list(erreurs) == ["statut"]
    assert "Sélectionnez un choix valide" in erreurs["statut"][0]
    reponse = client.get(CSV, {"rubrique": "%00"})
    assert reponse.status_code == 400
    assert "rubrique" in reponse.content.decode()


@pytest.mark.parametrize("url", [JSON, CSV])
def test_ni_montant_ni_personne_ressource_dans_les_fichiers(client, url):
    organisme = OrganismeFactory(neq="1149876543")
    contact = ContactFactory(organisme=organisme, nom="Josée Particulier", courriel="j@prive.ex")
    service = service_finance(organisme=organisme)
    sub = service.financements.get().subvention
    sub.montant_demande = sub.montant_accorde = Decimal("876543.21")
    sub.save()
    contenu = client.get(url).content.decode("utf-8")
    assert service.nom in contenu
    for interdit in (contact.nom, contact.courriel, organisme.neq, sub.numero, "876543", "876"):
        assert interdit not in contenu, interdit


@pytest.mark.parametrize("url", [PAGE, PAGE + "?statut=demandeur-asile", JSON, CSV])
def test_la_deuxieme_demande_vient_du_cache_sans_requete(client, url, django_assert_num_queries):
    service_finance()
    premiere = client.get(url)
    with django_assert_num_queries(0):
        deuxieme = client.get(url)
    assert deuxieme.status_code == 200
    # The page's header differs (a CSRF token per request); what the cache holds does not.
    assert deuxieme.content.split(b"<main")[-1] == premiere.content.split(b"<main")[-1]


@pytest.mark.parametrize("url", [PAGE, JSON, CSV])
def test_un_changement_se_voit_apres_invalidation(client, url):
    service = service_finance(nom="Ancien nom")
    assert "Ancien nom" in client.get(url).content.decode("utf-8")
    service.nom = "Nouveau nom"
    service.save()
    assert "Nouveau nom" in client.get(url).content.decode("utf-8")


def test_annuler_la_subvention_retire_le_service_du_cache(client):
    service = service_finance(nom="Bientôt annulé")
    assert "Bientôt annulé" in client.get(PAGE).content.decode()
    sub = service.financements.get().subvention
    sub.statut = Subvention.Statut.ANNULEE
    sub.save()
    assert "Bientôt annulé" not in client.get(PAGE).content.decode()


def test_le_cache_distingue_les_langues(client):
    service_finance()
    assert "1. Votre statut" in client.get(PAGE).content.decode()
    client.cookies["django_language"] = "en"
    assert "1. Your immigration status" in client.get(PAGE).content.decode()


def test_le_jeton_csrf_n_est_jamais_partage_par_le_cache(client):
    """The language switch's token is drawn per request, around the cached part."""
    from django.test import Client

    service_finance()
    autre = Client()
    jeton = 'name="csrfmiddlewaretoken" value="'
    premier = client.get(PAGE).content.decode().split(jeton)[1][:64]
    second = autre.get(PAGE).content.decode().split(jeton)[1][:64]
    assert premier != second
