"""A partner fills its final report with the keyboard only (grid, expenses), attaches a PDF and
submits; the agent sends it back with a comment; the partner reads it, corrects and resubmits;
the agent accepts; the instalment waiting on the final report becomes authorisable. axe-core
finds nothing on the report pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from reddition.models import Obligation, VersionRapport
from reddition.services import rapports
from referentiel.models import StatutImmigration
from subventions.models import Subvention
from tests.e2e.axe import avec_axe, violations
from tests.e2e.conftest import ouvrir_page
from tests.factories import (
    PDF_MINIMAL,
    MembreFactory,
    ObligationFactory,
    OrganismeFactory,
    ServiceFinanceFactory,
    SubventionFactory,
    UserFactory,
    VersementFactory,
)
from versements.models import Versement

pytestmark = pytest.mark.django_db(transaction=True)
S = Subvention.Statut


def dossier():
    aujourd_hui = timezone.localdate()
    agent = UserFactory(username="sophie", first_name="Sophie", roles=["agent"])
    UserFactory(username="marie", roles=["gestionnaire"])
    organisme = OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent")
    MembreFactory(user__username="amina", organisme=organisme)
    subvention = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=Decimal("40000.00"),
        date_debut=aujourd_hui - datetime.timedelta(days=300),
        date_fin=aujourd_hui - datetime.timedelta(days=5),
    )
    ServiceFinanceFactory(
        subvention=subvention, service__nom="Accueil des demandeurs d'asile", participants_cibles=30
    )
    VersementFactory(subvention=subvention, rang=2, condition=Versement.Condition.RAPPORT_FINAL)
    obligation = ObligationFactory(
        subvention=subvention,
        type=Obligation.Type.RAPPORT_FINAL,
        periode_debut=subvention.date_debut,
        periode_fin=subvention.date_fin,
        date_echeance=aujourd_hui + datetime.timedelta(days=55),
    )
    return subvention, obligation


def test_du_rapport_au_versement_autorisable(page, connecter):
    subvention, obligation = dossier()
    statuts = list(StatutImmigration.objects.actifs())

    connecter("amina")
    page.goto(obligation.get_absolute_url())
    page.get_by_role("link", name="Remplir le rapport").click()
    page.get_by_label("Activités réalisées").focus()
    page.keyboard.type("Accueil hebdomadaire et ateliers d'orientation.")
    # Tab from the activities through every cell of the grid, then the expenses.
    for rang in range(len(statuts)):
        page.keyboard.press("Tab")
        page.keyboard.type(str(rang + 2))
    grille = sum(range(2, len(statuts) + 2))
    expect(page.locator("[data-total-grille]")).to_have_text(str(grille))
    page.keyboard.press("Tab")
    page.keyboard.type("1500,50")
    page.keyboard.press("Tab")
    page.keyboard.type("250")
    expect(page.locator("[data-total-depenses]")).to_contain_text("1\u00a0750,50")
    expect(page.locator("#annonce-totaux")).to_contain_text(f"{grille} participants")
    page.get_by_label("Ajouter des pièces jointes").set_input_files(
        {"name": "presences.pdf", "mimeType": "application/pdf", "buffer": PDF_MINIMAL}
    )
    page.get_by_role("button", name="Soumettre").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Rapport soumis (version 1)")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("sophie")
    page.goto(obligation.get_absolute_url())
    expect(page.get_by_role("link", name="presences.pdf").first).to_be_visible()
    page.get_by_role("link", name="Renvoyer pour correction").click()
    page.get_by_label("Ce que l'organisme doit corriger").fill("Ajoutez les ateliers de mars.")
    page.get_by_role("button", name="Renvoyer pour correction").click()
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("amina")
    page.goto(obligation.get_absolute_url())
    expect(page.get_by_text("Ajoutez les ateliers de mars.").first).to_be_visible()
    page.get_by_role("link", name="Corriger le rapport").click()
    premiere = page.get_by_role("textbox", name=f"Accueil des demandeurs d'asile {statuts[0].nom}")
    premiere.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("9")
    page.get_by_role("button", name="Soumettre").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Rapport soumis (version 2)")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("marie")
    page.goto(subvention.get_absolute_url())
    expect(page.get_by_role("link", name="Autoriser — versement 2")).to_have_count(0)
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("sophie")
    page.goto(obligation.get_absolute_url())
    expect(page.get_by_text("modifié, avant\xa0: 2").first).to_be_visible()
    page.get_by_role("link", name="Accepter le rapport").click()
    page.get_by_role("button", name="Accepter le rapport").click()
    page.get_by_role("button", name="Se déconnecter").click()

    connecter("marie")
    page.goto(subvention.get_absolute_url())
    expect(page.get_by_role("link", name="Autoriser — versement 2")).to_be_visible()
    versions = VersionRapport.objects.filter(rapport__obligation=obligation).order_by("numero")
    assert [v.decision for v in versions] == ["a_corriger", "accepte"]
    assert versions[1].contenu["services"][0]["total"] == grille + 9 - 2


@pytest.fixture
def page_axe(navigateur, live_server):
    contexte, page = ouvrir_page(navigateur, live_server, bypass_csp=True)
    yield avec_axe(page)
    contexte.close()


def test_pages_du_rapport_sans_violation_wcag(page_axe, live_server):
    page = page_axe
    subvention, obligation = dossier()
    partenaire = obligation.subvention.organisme.membres.get().user
    pdf = SimpleUploadedFile("presences.pdf", PDF_MINIMAL, "application/pdf")
    rapports.rapport_enregistrer(
        obligation=obligation, par=partenaire, activites="Ateliers", pieces_ajoutees=[pdf]
    )
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    rapports.rapport_a_corriger(obligation=obligation, par=subvention.agent, commentaire="Voir")
    sf = subvention.services_finances.get()
    cle = (sf.pk, StatutImmigration.objects.actifs()[0].pk)
    rapports.rapport_enregistrer(
        obligation=obligation, par=partenaire, activites="Ateliers", participants={cle: 4}
    )

    def connecter(username):
        page.goto("/connexion/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill("motdepasse-test-2026")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()

    problemes = {}

    def verifier(nom):
        trouvees = violations(page)
        if trouvees:
            problemes[nom] = trouvees

    connecter("amina")
    url = f"/reddition/obligations/{obligation.pk}/rapport/"
    page.goto(url)
    verifier("formulaire")
    page.get_by_role(
        "textbox", name=f"{sf.service.nom} {StatutImmigration.objects.actifs()[1].nom}"
    ).fill("-3")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()
    verifier("formulaire en erreur")
    rapports.rapport_soumettre(obligation=obligation, par=partenaire)
    page.goto(url)
    verifier("lecture seule")
    page.get_by_role("button", name="Se déconnecter").click()
    connecter("sophie")
    page.goto(obligation.get_absolute_url())
    verifier("examen")
    page.goto(f"/reddition/obligations/{obligation.pk}/rapport/versions/2/")
    verifier("version 2")
    assert not problemes, "\n".join(f"{u}:\n  " + "\n  ".join(v) for u, v in problemes.items())
