"""The public directory on a 390 px phone, signed out: a newcomer reaches the services for
"Demandeur·euse d'asile" in "Montréal-Nord" in two taps, under the site's CSP, and every state
of the page passes axe-core (WCAG 2.2 AA) with no sideways scrolling."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.axe import avec_axe, violations
from tests.e2e.conftest import ouvrir_page, page_sous_csp
from tests.echanges.repertoire_donnees import service_finance
from tests.factories import OrganismeFactory

pytestmark = pytest.mark.django_db(transaction=True)

LARGEUR, HAUTEUR = 390, 844
TELEPHONE = {
    "viewport": {"width": LARGEUR, "height": HAUTEUR},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def services():
    cache.clear()
    organisme = OrganismeFactory(
        nom_usage="Carrefour Montréal-Nord",
        adresse="11121, avenue Salk",
        code_postal="H1G 4Y3",
        telephone="514 328-4000",
        courriel="accueil@carrefour.example",
        site_web="https://carrefour.example",
    )
    service_finance(
        organisme=organisme,
        nom="Accueil des demandeurs d'asile à Montréal-Nord",
        description="Premières démarches, logement, inscription des enfants.",
    )
    service_finance(nom="Accueil à Verdun", territoires=["verdun"])
    service_finance(nom="Pour étudiants", statuts=["etudiant-international"])
    for i in range(22):  # enough for a second page of the whole list
        service_finance(nom=f"Atelier {i:02d}", statuts=["resident-permanent"])
    yield
    cache.clear()


@pytest.fixture
def telephone(navigateur, live_server):
    """Under the site's CSP: anything it blocks fails the test."""
    with page_sous_csp(navigateur, live_server, **TELEPHONE) as page:
        yield page


def test_deux_touchers_du_statut_aux_services_de_l_arrondissement(telephone, services):
    page = telephone
    page.goto("/repertoire/")
    touchers = 0
    # Each choice says where it leads: two services for this status, one in this borough.
    page.get_by_role("link", name="Demandeur·euse d'asile (2 services)", exact=True).tap()
    touchers += 1
    page.wait_for_url("**/repertoire/?statut=demandeur-asile")
    page.get_by_role("link", name="Montréal-Nord (1 service)", exact=True).tap()
    touchers += 1
    page.wait_for_url("**/repertoire/?statut=demandeur-asile&territoire=montreal-nord")
    assert touchers == 2
    carte = page.locator("article.carte-service")
    expect(carte).to_have_count(1)
    expect(carte.get_by_role("heading")).to_have_text(
        "Accueil des demandeurs d'asile à Montréal-Nord"
    )
    expect(carte.get_by_role("link", name="514 328-4000")).to_have_attribute(
        "href", "tel:+15143284000"
    )
    # The first card is on the first screen: no scrolling needed to see the answer.
    assert carte.evaluate("e => e.getBoundingClientRect().top") < HAUTEUR
    assert page.evaluate("document.documentElement.scrollWidth") <= LARGEUR


def test_le_visiteur_anonyme_passe_a_l_anglais_et_garde_ses_choix(telephone, services):
    page = telephone
    page.goto("/repertoire/?statut=demandeur-asile&territoire=montreal-nord")
    page.get_by_role("button", name="English").tap()
    page.wait_for_load_state()
    assert page.url.endswith("/repertoire/?statut=demandeur-asile&territoire=montreal-nord")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Directory of services for immigrants"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en-CA")
    page.get_by_role("button", name="Français").tap()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Répertoire des services aux personnes immigrantes"
    )


@pytest.mark.parametrize("langue", ["fr-CA", "en"])
def test_axe_et_largeur_sur_chaque_etat_de_la_page(navigateur, live_server, services, langue):
    # axe-core is injected inline by the test: this context alone bypasses the CSP.
    contexte, page = ouvrir_page(navigateur, live_server, bypass_csp=True, **TELEPHONE)
    avec_axe(page)
    if langue == "en":
        contexte.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    problemes = {}
    for url in (
        "/repertoire/",
        "/repertoire/?page=2",
        "/repertoire/?statut=demandeur-asile",
        "/repertoire/?statut=demandeur-asile&territoire=montreal-nord",
        "/repertoire/?statut=demandeur-asile&territoire=montreal-nord&rubrique=travailler",
        "/repertoire/?statut=inconnu",
    ):
        assert page.goto(url).status == 200, url
        page.locator("details.rubriques > summary").tap()  # the folded links are checked too
        trouves = violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > LARGEUR:
            trouves.append("la page défile de côté")
        if trouves:
            problemes[url] = trouves
    contexte.close()
    assert not problemes, problemes
