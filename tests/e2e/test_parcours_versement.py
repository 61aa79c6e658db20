"""An agent signs the agreement (uploading it), a manager authorises the first instalment, the
agent records its payment: the programme's "versé" for that year rises by exactly that amount."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from subventions.models import Subvention
from tests.factories import (
    PDF_MINIMAL,
    EnveloppeFactory,
    OrganismeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    SubventionFactory,
    UserFactory,
    VersementFactory,
)
from versements.models import Versement

pytestmark = pytest.mark.django_db(transaction=True)
S = Subvention.Statut


def verse(page, programme, exercice):
    page.goto(f"/subventions/programmes/{programme.pk}/")
    tableau = page.get_by_role("table", name="Enveloppes par exercice")
    ligne = tableau.get_by_role("row").filter(has=page.get_by_role("rowheader", name=str(exercice)))
    texte = ligne.get_by_role("cell").nth(2).inner_text()
    return Decimal(re.sub(r"[\s\u00a0\u202f$]", "", texte).replace(",", "."))


def test_de_la_signature_au_paiement(page, connecter):
    aujourd_hui = timezone.localdate()
    agent = UserFactory(
        username="sophie", first_name="Sophie", last_name="Tremblay", roles=["agent"]
    )
    UserFactory(username="marie", first_name="Marie", last_name="Gagnon", roles=["gestionnaire"])
    programme = ProgrammeFactory(nom="Montréal inclusive")
    EnveloppeFactory(programme=programme, exercice=aujourd_hui.year, montant=Decimal("500000"))
    # Money already paid on another grant of the programme: the test reads a difference.
    VersementFactory(
        subvention=SubventionFactory(
            programme=programme, statut=S.EN_COURS, date_signature=aujourd_hui
        ),
        montant=Decimal("1234.56"),
        statut=Versement.Statut.PAYE,
        date_paiement=aujourd_hui,
        reference_paiement="PAI-DEJA",
    )
    subvention = SubventionFactory(
        organisme=OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent"),
        programme=programme,
        agent=agent,
        statut=S.APPROUVEE,
        montant_accorde=Decimal("75000.00"),
        numero_resolution="CE26 0456",
        date_decision=aujourd_hui - datetime.timedelta(days=20),
        date_debut=aujourd_hui,
        date_fin=aujourd_hui + datetime.timedelta(days=300),
    )
    RepartitionFactory(subvention=subvention, exercice=aujourd_hui.year, montant=Decimal("75000"))

    connecter("marie")
    avant = verse(page, programme, aujourd_hui.year)
    assert avant == Decimal("1234.56")
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("sophie")
    page.goto(subvention.get_absolute_url())
    page.get_by_role("link", name="Signer la convention").click()
    page.get_by_label("Date de signature de la convention").fill(aujourd_hui.isoformat())
    page.get_by_label("Convention signée").set_input_files(
        {"name": "convention.pdf", "mimeType": "application/pdf", "buffer": PDF_MINIMAL}
    )
    page.get_by_role("button", name="Signer la convention").click()
    expect(page.locator(".pastille").first).to_have_text("Convention signée")
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("marie")
    page.goto(subvention.get_absolute_url())
    page.get_by_role("link", name="Autoriser — versement 1").click()
    page.get_by_role("button", name="Autoriser").click()
    expect(page.get_by_role("link", name="Autoriser — versement 1")).to_have_count(0)
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("sophie")
    page.goto(subvention.get_absolute_url())
    page.get_by_role("link", name="Inscrire le paiement — versement 1").click()
    page.get_by_label("Date du paiement").fill(aujourd_hui.isoformat())
    page.get_by_label("Référence du paiement").fill("PAI-2026-00042")
    page.get_by_role("button", name="Inscrire le paiement").click()
    expect(page.get_by_text("PAI-2026-00042")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    premier = subvention.versements.get(rang=1)
    assert premier.statut == Versement.Statut.PAYE
    assert premier.montant == Decimal("60000.00")  # 80 % at signature
    connecter("marie")
    apres = verse(page, programme, aujourd_hui.year)
    assert apres - avant == premier.montant
