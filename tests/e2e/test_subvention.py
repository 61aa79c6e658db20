"""An agent opens a grant, splits it over the exercices and recommends it; a manager approves it;
the programme's committed amount rises by the grant's amount."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    OrganismeFactory,
    ProgrammeFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def engage_2026(page, programme):
    page.goto(f"/subventions/programmes/{programme.pk}/")
    tableau = page.get_by_role("table", name="Enveloppes par exercice")
    ligne = tableau.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2026"))
    return ligne.get_by_role("cell").nth(1).inner_text()


def test_de_la_demande_a_l_approbation(page, connecter):
    UserFactory(username="sophie", first_name="Sophie", last_name="Tremblay", roles=["agent"])
    UserFactory(username="marie", first_name="Marie", last_name="Gagnon", roles=["gestionnaire"])
    organisme = OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent")
    ServiceFactory(organisme=organisme, nom="Accueil des demandeurs d'asile à Saint-Laurent")
    programme = ProgrammeFactory(nom="Montréal inclusive")
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("500000"))
    EnveloppeFactory(programme=programme, exercice=2027, montant=Decimal("500000"))

    connecter("sophie")
    page.get_by_role("link", name="Subventions", exact=True).click()
    page.get_by_role("link", name="Nouvelle subvention").click()
    page.get_by_label("Organisme").fill("Carrefour d'acc")
    page.get_by_role("option", name=re.compile("^Carrefour d'accueil de Saint-Laurent")).click()
    page.get_by_label("Programme").select_option(label="Montréal inclusive")
    page.get_by_label("Titre du projet").fill("Accueil et orientation des demandeurs d'asile")
    page.get_by_label("Montant demandé").fill("80 000,00")
    page.get_by_label("Montant proposé").fill("75 000,00")
    page.get_by_label("Date de début").fill("2026-07-01")
    page.get_by_label("Date de fin").fill("2027-06-30")
    repartition = page.get_by_role("group", name="Répartition par exercice — ligne 1")
    repartition.get_by_label("Exercice").fill("2026")
    repartition.get_by_label("Montant").fill("37 500,00")
    repartition = page.get_by_role("group", name="Répartition par exercice — ligne 2")
    repartition.get_by_label("Exercice").fill("2027")
    repartition.get_by_label("Montant").fill("37 500,00")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text(re.compile(r"Subvention BINAM-\d{4}-001 créée"))).to_be_visible()
    expect(page.locator(".pastille")).to_have_text("En analyse")
    page.get_by_role("link", name="Recommander").click()
    page.get_by_role("button", name="Recommander").click()
    expect(page.locator(".pastille")).to_have_text("Recommandée")
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("marie")
    avant = engage_2026(page, programme)
    assert avant.replace("\xa0", " ") == "0,00 $"
    page.get_by_role("link", name="À traiter").click()
    page.get_by_role("link", name=re.compile(r"BINAM-\d{4}-001")).click()
    page.get_by_role("link", name="Approuver").click()
    page.get_by_label("Numéro de résolution du comité exécutif").fill("CE26 0456")
    page.get_by_label("Date de la décision").fill("2026-02-10")
    page.get_by_role("button", name="Approuver").click()
    expect(page.locator(".pastille")).to_have_text("Approuvée")

    apres = engage_2026(page, programme)
    assert apres.replace("\xa0", " ") == "37 500,00 $"
    subvention = Subvention.objects.get()
    assert subvention.statut == Subvention.Statut.APPROUVEE
    assert subvention.transitions.count() == 3
