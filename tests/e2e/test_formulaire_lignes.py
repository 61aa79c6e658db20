"""The grant form in a browser: "Ajouter une ligne" adds a line in the page (static script, under
the CSP), and a failed submit puts the focus on the error summary."""

import pytest
from playwright.sync_api import expect

from tests.factories import OrganismeFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ajouter_une_ligne_dans_la_page_puis_focus_sur_le_resume(page, connecter):
    UserFactory(username="sophie", first_name="Sophie", last_name="Tremblay", roles=["agent"])
    organisme = OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent")
    ServiceFactory(organisme=organisme, nom="Accueil des familles")
    connecter("sophie")
    page.goto(f"/subventions/nouvelle/?organisme={organisme.pk}")
    page.get_by_label("Titre du projet").fill("Projet tapé avant l'ajout")

    page.get_by_role("button", name="Ajouter une ligne — Répartition par exercice").click()
    ligne = page.get_by_role("group", name="Répartition par exercice — ligne 4")
    expect(ligne.get_by_label("Exercice")).to_be_focused()
    expect(page.locator("#id_repartition-TOTAL_FORMS")).to_have_value("4")
    # Added in the page: nothing was sent, what was typed is still there.
    expect(page.get_by_label("Titre du projet")).to_have_value("Projet tapé avant l'ajout")

    page.get_by_role("button", name="Ajouter une ligne — Services financés").click()
    services = page.get_by_role("group", name="Services financés — ligne 3")
    expect(services.get_by_label("Service financé")).to_be_focused()
    expect(services.get_by_label("Service financé")).to_contain_text("Accueil des familles")

    ligne.get_by_label("Exercice").fill("1999")
    page.get_by_role("button", name="Enregistrer").click()
    resume = page.locator("#resume-erreurs")
    expect(resume).to_be_focused()
    expect(
        resume.get_by_role("link", name="Répartition par exercice, ligne 4, Exercice")
    ).to_be_visible()
