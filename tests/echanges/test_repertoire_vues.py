"""The public directory's page: no sign-in, filters by code, cards, bad input, English, queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from subventions.models import Subvention
from tests.echanges.repertoire_donnees import service_finance
from tests.factories import ContactFactory, OrganismeFactory
from tests.partage import donnees_du_module

pytestmark = pytest.mark.django_db
URL = "/repertoire/"


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


def cartes(reponse):
    """The services' names, in the order of the cards."""
    return re.findall(r'<h3 id="service-\d+">([^<]*)</h3>', reponse.content.decode())


def test_un_visiteur_anonyme_voit_le_repertoire_sans_se_connecter(client):
    service_finance(nom="Accueil des demandeurs d'asile")
    reponse = client.get(URL)
    assert reponse.status_code == 200
    assert cartes(reponse) == ["Accueil des demandeurs d&#x27;asile"]


def test_la_carte_montre_les_coordonnees_publiques_de_l_organisme(client):
    organisme = OrganismeFactory(
        nom_legal="Centre social d'aide aux immigrants inc.",
        nom_usage="CSAI",
        adresse="6201, rue Laurendeau",
        code_postal="H4E 3X8",
        telephone="514 932-2953",
        courriel="info@csai.qc.ca",
        site_web="https://csai.qc.ca",
    )
    service_finance(organisme=organisme, description="Aide au logement", lieu="Au centre")
    page = client.get(URL).content.decode()
    for attendu in (
        "CSAI",
        "6201, rue Laurendeau, H4E 3X8",
        '<a href="tel:+15149322953">514 932-2953</a>',
        '<a href="mailto:info@csai.qc.ca">info@csai.qc.ca</a>',
        'href="https://csai.qc.ca"',
        "Aide au logement",
        "Au centre",
        "Montréal-Nord",
        "Demandeur·euse d&#x27;asile",
    ):
        assert attendu in page, attendu
    assert "Centre social d&#x27;aide aux immigrants inc." not in page  # the name in use wins


def test_ni_montant_ni_personne_ressource_ni_donnee_interne(client):
    """Would fail if an amount, a contact person or an internal figure reached the page."""
    organisme = OrganismeFactory(neq="1149876543", mission="Mission interne détaillée")
    contact = ContactFactory(
        organisme=organisme, nom="Josée Tremblay-Particulier", courriel="josee.t@prive.example"
    )
    service = service_finance(organisme=organisme)
    financement = service.financements.get()
    sub = financement.subvention
    sub.montant_demande, sub.montant_accorde = Decimal("987654.32"), Decimal("876543.21")
    sub.description = "Commentaire de l'agente"
    sub.save()
    financement.montant = Decimal("765432.10")
    financement.save()
    page = client.get(URL).content.decode()
    assert service.nom in page
    interdits = [contact.nom, contact.courriel, contact.telephone, organisme.neq, sub.numero]
    interdits += ["Mission interne", "Commentaire de l", "$"]
    for chiffres in ("987", "876", "765"):
        interdits += [chiffres + " ", chiffres + ",", chiffres + "."]
    for texte in interdits:
        assert texte not in page, texte


def test_deux_choix_statut_puis_arrondissement(client):
    service_finance(nom="Pour eux ici", statuts=["demandeur-asile"], territoires=["montreal-nord"])
    service_finance(nom="Autre statut", statuts=["etudiant-international"])
    service_finance(nom="Autre lieu", territoires=["verdun"])
    accueil = client.get(URL).content.decode()
    # Each choice says how many services it leads to, the other choices kept.
    lien_statut = re.search(
        r'<a href="([^"]+)">Demandeur·euse d&#x27;asile <span class="nombre">'
        r"\(2 services\)</span></a>",
        accueil,
    )[1]
    assert lien_statut == "?statut=demandeur-asile"
    etape2 = client.get(URL + lien_statut).content.decode()
    lien_lieu = re.search(
        r'<a href="([^"]+)">Montréal-Nord <span class="nombre">\(1 service\)</span></a>', etape2
    )[1].replace("&amp;", "&")
    assert lien_lieu == "?statut=demandeur-asile&territoire=montreal-nord"
    assert 'Anjou <span class="nombre nombre-nul">(0 service)</span>' in etape2
    assert cartes(client.get(URL + lien_lieu)) == ["Pour eux ici"]


def _trois_services():
    service_finance(nom="A", statuts=["demandeur-asile"], territoires=["montreal-nord"])
    service_finance(
        nom="B", statuts=["demandeur-asile"], territoires=["verdun"], rubrique="travailler"
    )
    service_finance(nom="C", statuts=["refugie-protege"], territoires=["montreal-nord", "anjou"])


@pytest.fixture(scope="class")
def trois_services(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _trois_services):
        yield


@pytest.mark.usefixtures("trois_services")
class TestChaqueFiltre:
    """The three services are built once for the class's cases, which only read them
    (tests/partage.py: each case still runs in its own savepoint)."""

    @pytest.mark.parametrize(
        ("requete", "attendus"),
        [
            ("", ["A", "B", "C"]),
            ("?statut=demandeur-asile", ["A", "B"]),
            ("?statut=refugie-protege", ["C"]),
            ("?territoire=montreal-nord", ["A", "C"]),
            ("?territoire=verdun", ["B"]),
            ("?rubrique=travailler", ["B"]),
            ("?rubrique=parler-francais", []),
            ("?statut=demandeur-asile&territoire=montreal-nord", ["A"]),
            ("?statut=demandeur-asile&territoire=montreal-nord&rubrique=travailler", []),
        ],
    )
    def test_chaque_filtre(self, client, requete, attendus):
        assert sorted(cartes(client.get(URL + requete))) == attendus


VALIDE = "Sélectionnez un choix valide"


@pytest.mark.parametrize(
    ("requete", "erreur"),
    [
        ("?statut=inconnu", VALIDE),
        ("?territoire=42", VALIDE),
        ("?statut=" + "x" * 5000, VALIDE),
        ("?rubrique=%00%27%3B--", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_un_code_inconnu_donne_l_erreur_du_filtre_en_francais(client, requete, erreur):
    service_finance()
    reponse = client.get(URL + requete)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert 'role="alert"' in page
    assert erreur in page
    assert cartes(reponse) == []  # a wrong filter never shows everything


def _vingt_cinq_services():
    for i in range(25):
        service_finance(nom=f"Service {i:02d}")


@pytest.fixture(scope="class")
def vingt_cinq_services(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _vingt_cinq_services):
        yield


@pytest.mark.usefixtures("vingt_cinq_services")
class TestPagination:
    """25 services (two pages of 20), built once for the class's cases, which only read them."""

    @pytest.mark.parametrize(
        ("page", "attendue"),
        [("-1", "1"), ("0", "1"), ("abc", "1"), ("2", "2"), ("99999999999", "2"), ("1.5", "1")],
    )
    def test_un_numero_de_page_hors_limites_donne_une_page_qui_existe(self, client, page, attendue):
        reponse = client.get(URL, {"page": page})
        assert reponse.status_code == 200
        assert f'<span aria-current="page">{attendue}</span>' in reponse.content.decode()
        assert len(cartes(reponse)) == (20 if attendue == "1" else 5)

    def test_la_pagination_garde_les_choix(self, client):
        page = client.get(URL, {"statut": "demandeur-asile", "utm_source": "x"}).content.decode()
        assert 'href="?statut=demandeur-asile&amp;page=2"' in page
        # The cached part links from the validated choices only (the header's language switch
        # returns to the full address, drawn per request).
        assert "utm_source" not in page.split('<main id="contenu"')[1]


def test_page_en_anglais(client):
    service_finance(nom="Accueil")
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert '<html lang="en-CA">' in page
    assert "Directory of services for immigrants" in page
    assert "1. Your immigration status" in page
    assert "For developers" in page
    client.cookies["django_language"] = "fr-ca"
    assert "1. Votre statut d'immigration" in client.get(URL).content.decode()


def test_en_anglais_les_statuts_et_rubriques_sont_nommes_en_anglais(client):
    """The links of each step, the choice made and the services' statuses read the names'
    English forms (`nom_affiche`), as the cards' sections already did."""
    service_finance(nom="Accueil", statuts=["demandeur-asile"])
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert ">Asylum claimant" in page and "Demandeur·euse d" not in page
    assert ">Settling in and finding housing<" in page and "S'installer" not in page
    page = client.get(URL + "?statut=demandeur-asile").content.decode()
    assert "<strong>Asylum claimant</strong>" in page
    assert "Demandeur·euse" not in page.split('<main id="contenu"')[1]


def test_en_tetes_de_cache_et_aucun_script_en_ligne(client):
    reponse = client.get(URL)
    assert reponse["Cache-Control"] == "private, max-age=300"
    assert "Cookie" in reponse["Vary"]
    assert "script-src 'self'" in reponse["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", reponse.content.decode())
    assert scripts and all("src=" in attributs for attributs in scripts)


def test_le_pied_de_page_de_la_connexion_mene_au_repertoire(client):
    assert 'href="/repertoire/"' in client.get("/connexion/").content.decode()


def _requetes(client, requete):
    """The number of queries of the page, and how many cards it shows."""
    cache.clear()
    with CaptureQueriesContext(connection) as capture:
        reponse = client.get(URL + requete)
    assert reponse.status_code == 200
    return len(capture), len(cartes(reponse))


def _trente_services():
    for i in range(3):
        service_finance(nom=f"Premier {i}")
    suivants = [
        service_finance(nom=f"Suivant {i}", territoires=["montreal-nord", "anjou"])
        for i in range(27)
    ]
    return [service.financements.get().subvention_id for service in suivants]


@pytest.fixture(scope="class")
def suivants(django_db_setup, django_db_blocker):
    """The grants of the 27 services that leave the directory in the cases below."""
    with donnees_du_module(django_db_blocker, _trente_services) as subventions:
        yield subventions


class TestNombreDeRequetes:
    """30 services built once for the class; 27 of them leave the directory and come back
    (their grants' period ends, then runs again) so that each case counts the queries of the
    same page with 3 services listed, then with 30."""

    @pytest.mark.parametrize("requete", ["", "?statut=demandeur-asile&territoire=montreal-nord"])
    def test_nombre_de_requetes_borne_et_independant_du_nombre_de_services(
        self, client, suivants, requete
    ):
        subventions = Subvention.objects.filter(pk__in=suivants)
        fin = subventions.values_list("date_fin", flat=True).first()
        subventions.update(date_fin=timezone.localdate() - datetime.timedelta(days=1))
        avec_3, cartes_3 = _requetes(client, requete)
        subventions.update(date_fin=fin)
        avec_30, cartes_30 = _requetes(client, requete)
        assert (cartes_3, cartes_30) == (3, 20)  # 30 services: a full first page
        assert avec_3 == avec_30
        assert avec_30 <= 10
