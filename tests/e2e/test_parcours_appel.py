"""The calls' whole path in the browser: a partner applies with the keyboard alone (project,
services, budget, documents, submission); the agent screens it; an évaluateur declares no
conflict and scores every criterion; a manager ranks it and records the decision."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appels.models import Demande, Evaluateur
from tests.factories import (
    PDF_MINIMAL,
    MembreFactory,
    OrganismeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db(transaction=True)


def dossier():
    UserFactory(username="sophie", first_name="Sophie", roles=["agent"])
    UserFactory(username="marie", roles=["gestionnaire"])
    juge = UserFactory(username="jules", roles=["evaluateur"])
    organisme = OrganismeFactory(nom_legal="Carrefour d'accueil de Saint-Laurent")
    MembreFactory(user__username="amina", organisme=organisme)
    appel = appel_complet(titre="Montréal inclusive 2027")
    Evaluateur.objects.create(appel=appel, user=juge)
    return appel


def tab_puis(page, texte, champ=None):
    """Tab to the next field (to `champ`, by its name, when a widget holds several tab stops:
    Chromium's date input keeps the focus on its calendar button), then type."""
    for _ in range(4):
        page.keyboard.press("Tab")
        if champ is None or page.evaluate("() => document.activeElement.name") == champ:
            break
    assert champ is None or page.evaluate("() => document.activeElement.name") == champ
    page.keyboard.type(texte)


def deposer_au_clavier(page, appel):
    """The partner, from the call's public page to a submitted application, keys only (the two
    files are given to their inputs: choosing a file is the system's dialog, not the page's)."""
    page.goto(f"/appels/{appel.pk}/")
    page.get_by_role("button", name="Déposer une demande").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/modifier/")
    page.get_by_label("Titre du projet").focus()
    page.keyboard.type("Accueil et premiers pas à Saint-Laurent")
    tab_puis(page, "Accueil, orientation et jumelage des familles nouvellement arrivées.")
    tab_puis(page, "45000")
    debut = timezone.localdate() + datetime.timedelta(days=60)
    fin = debut + datetime.timedelta(days=300)
    # Chromium's date segments (month, day, year) fill in turn.
    tab_puis(page, f"{debut:%m%d%Y}", "date_debut")
    tab_puis(page, f"{fin:%m%d%Y}", "date_fin")
    tab_puis(page, "", "services-0-rubrique")
    page.keyboard.press("ArrowDown")  # the first rubrique the call targets
    tab_puis(page, "Séances d'accueil hebdomadaires")
    page.keyboard.press("Tab")  # territories: none (optional)
    for cible in ("20", "5", "0", "10", "15"):
        tab_puis(page, cible)
    page.get_by_label("Poste budgétaire").first.focus()
    page.keyboard.press("ArrowDown")
    tab_puis(page, "38000")
    page.get_by_label("Source", exact=True).focus()
    page.keyboard.type("Centraide du Grand Montréal")
    tab_puis(page, "12000")
    for libelle, nom in (("Lettres patentes", "lettres.pdf"), ("Derniers états", "etats.pdf")):
        page.get_by_label(libelle).set_input_files(
            {"name": nom, "mimeType": "application/pdf", "buffer": PDF_MINIMAL}
        )
    page.get_by_role("button", name="Enregistrer et passer à la soumission").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/soumettre/")
    expect(page.get_by_text("Il manque encore")).to_have_count(0)
    page.get_by_role("button", name="Soumettre la demande").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Demande soumise.")).to_be_visible()


def test_de_l_appel_a_la_decision(page, connecter):
    appel = dossier()
    connecter("amina")
    deposer_au_clavier(page, appel)
    demande = Demande.objects.get(appel=appel)
    assert demande.etat == Demande.Etat.SOUMISE
    assert demande.montant_demande == 45000
    assert demande.pieces.count() == 2
