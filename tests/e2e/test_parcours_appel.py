"""The calls' whole path in the browser: a partner applies with the keyboard alone (project,
services, budget, documents, submission); the agent screens it; an évaluateur declares no
conflict and scores every criterion; a manager ranks it, retains it and turns it into a grant
in « recommandée », linked both ways; once the call is decided, a waitlisted application is
retained after all and becomes its grant too."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appels.models import AppelDeProjets, Demande, Evaluateur, Recommandation
from subventions.models import Subvention
from tests.factories import (
    PDF_MINIMAL,
    DemandeFactory,
    MembreFactory,
    OrganismeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db(transaction=True)
PROJET = "Accueil et premiers pas à Saint-Laurent"


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
    page.keyboard.type(PROJET)
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
    page.get_by_role("button", name="Se déconnecter").click()

    # The closing time passes; the agent screens the application.
    maintenant = timezone.now()
    AppelDeProjets.objects.filter(pk=appel.pk).update(
        ouverture=maintenant - datetime.timedelta(days=30),
        cloture=maintenant - datetime.timedelta(hours=1),
    )
    connecter("sophie")
    page.goto(f"/appels/demandes/{demande.pk}/")
    page.get_by_role("link", name="Juger la recevabilité").click()
    page.get_by_label("Recevable", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    demande.refresh_from_db()
    assert demande.etat == Demande.Etat.RECEVABLE
    page.get_by_role("button", name="Se déconnecter").click()

    # The évaluateur declares no conflict, then scores every criterion and submits.
    connecter("jules")
    page.goto("/appels/evaluation/")
    page.get_by_role("link", name=appel.titre).click()
    page.get_by_role("link", name=PROJET).click()
    page.get_by_label("Non, je n'ai aucun conflit d'intérêts").check()
    page.get_by_role("button", name="Enregistrer ma déclaration").click()
    for rang, critere in enumerate(appel.criteres.order_by("ordre")):
        page.get_by_label(f"{critere.libelle} (sur 10)").fill(str(8 - rang % 3))
    page.get_by_role("button", name="Soumettre (définitif)").click()
    expect(page.get_by_text("Votre évaluation est soumise.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # Another organisation's application, already put on the waitlist.
    attente = DemandeFactory(
        appel=appel,
        organisme=OrganismeFactory(nom_legal="Maison des familles de Verdun"),
        etat=Demande.Etat.LISTE_ATTENTE,
        titre_projet="Francisation des parents à Verdun",
        montant_demande=30000,
        date_debut=datetime.date(2027, 4, 1),
        date_fin=datetime.date(2028, 3, 31),
    )
    Recommandation.objects.create(
        demande=attente,
        decision=Recommandation.Decision.LISTE_ATTENTE,
        motif="Sous la ligne de coupe.",
        decide_par=UserFactory(roles=["gestionnaire"]),
    )

    # The manager reads the ranking and retains the project for a lower amount.
    connecter("marie")
    page.goto(f"/appels/gestion/{appel.pk}/classement/")
    ligne = page.locator(f"#demande-{demande.pk}")
    expect(ligne.get_by_role("rowheader")).to_contain_text(PROJET)
    ligne.get_by_label("Décision").select_option("retenue")
    ligne.get_by_label("Montant recommandé").fill("40000")
    ligne.get_by_label("Motif").fill("Projet solide, budget de communication réduit.")
    ligne.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(f"#demande-{demande.pk}")).to_contain_text("Retenu")
    demande.refresh_from_db()
    assert demande.etat == Demande.Etat.RETENUE
    assert demande.recommandation.montant_recommande == 40000

    # Every admissible application decided: the retained one becomes a grant.
    page.get_by_role("link", name="Créer les subventions des demandes retenues").click()
    page.get_by_role("button", name="Créer les subventions des demandes retenues").click()
    expect(page.get_by_text("1 subvention créée")).to_be_visible()
    demande.refresh_from_db()
    subvention = demande.subvention
    assert subvention.statut == Subvention.Statut.RECOMMANDEE
    assert (subvention.organisme_id, subvention.montant_accorde) == (demande.organisme_id, 40000)
    page.goto(subvention.get_absolute_url())
    expect(page.get_by_text("Issue de la demande")).to_contain_text(PROJET)
    page.get_by_role("link", name=PROJET).click()
    expect(page.get_by_role("link", name=subvention.numero)).to_be_visible()

    # A retained organisation withdraws: the waitlisted application is retained after all.
    page.goto(f"/appels/demandes/{attente.pk}/")
    page.get_by_role("link", name="Retenir depuis la liste d'attente").click()
    expect(page.get_by_text("Déjà retenu dans cet appel")).to_contain_text("40 000,00")
    page.get_by_label("Montant recommandé").fill("20000")
    page.get_by_label("Motif").fill("Désistement d'un organisme retenu.")
    page.get_by_role("button", name="Retenir et créer la subvention").click()
    expect(page.get_by_text("La demande est retenue")).to_be_visible()
    attente.refresh_from_db()
    assert attente.etat == Demande.Etat.RETENUE
    assert attente.subvention.statut == Subvention.Statut.RECOMMANDEE
    assert attente.subvention.montant_accorde == 20000
