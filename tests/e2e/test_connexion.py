import re

import pytest
from playwright.sync_api import expect

from tests.factories import MembreFactory, OrganismeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_partenaire_arrive_sur_son_portail(page, connecter):
    organisme = OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent")
    MembreFactory(user__username="amina", organisme=organisme)
    OrganismeFactory(nom_legal="Maison des familles de Verdun")

    connecter("amina")

    expect(page).to_have_url(re.compile(r"/portail/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Carrefour d'accueil de Saint-Laurent"
    )
    expect(page.get_by_text("Maison des familles de Verdun")).to_have_count(0)


def test_agent_arrive_sur_sa_file_de_travail(page, connecter):
    UserFactory(username="sophie", first_name="Sophie", roles=["agent"])

    connecter("sophie")

    expect(page.get_by_role("heading", level=1)).to_have_text("À traiter")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")


def test_lien_d_evitement_au_clavier(page, connecter):
    UserFactory(username="sophie", roles=["agent"])
    connecter("sophie")
    page.keyboard.press("Tab")
    lien = page.get_by_role("link", name="Aller au contenu")
    expect(lien).to_be_focused()
    expect(lien).to_be_visible()
