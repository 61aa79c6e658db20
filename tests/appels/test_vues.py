"""The calls' staff pages (list, filter, detail, create, edit, publish, committee) and public
pages (anonymous; a draft is not found; a closed call is not listed)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from appels.models import AppelDeProjets
from tests.factories import (
    PDF_MINIMAL,
    AppelFactory,
    DemandeFactory,
    ProgrammeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db


def _texte(reponse):
    return reponse.content.decode()


def _ferme(**kwargs):
    return appel_complet(
        ouverture=timezone.now() - datetime.timedelta(days=60),
        cloture=timezone.now() - datetime.timedelta(days=1),
        **kwargs,
    )


def _a_venir(**kwargs):
    return appel_complet(
        ouverture=timezone.now() + datetime.timedelta(days=10),
        cloture=timezone.now() + datetime.timedelta(days=60),
        **kwargs,
    )


# --- Staff ------------------------------------------------------------------------------------
def test_liste_et_filtres(client_de, agent):
    ouvert = appel_complet(titre="Montréal inclusive 2027")
    ferme = _ferme(titre="Montréal interculturel 2026")
    brouillon = appel_complet(titre="Brouillon à venir", etat="brouillon")
    client = client_de(agent)
    url = reverse("appels:gestion_liste")
    page = _texte(client.get(url))
    for appel in (ouvert, ferme, brouillon):
        assert appel.titre in page
    page = _texte(client.get(url, {"etat": "ferme"}))
    assert ferme.titre in page and ouvert.titre not in page
    page = _texte(client.get(url, {"etat": "ouvert"}))
    assert ouvert.titre in page and ferme.titre not in page and brouillon.titre not in page
    page = _texte(client.get(url, {"q": "intercult"}))
    assert ferme.titre in page and ouvert.titre not in page
    page = _texte(client.get(url, {"programme": ouvert.programme_id}))
    assert ouvert.titre in page and ferme.titre not in page
    export = client.get(url, {"_export": "csv"})
    contenu = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export.status_code == 200 and "Montréal inclusive 2027" in contenu


def test_fiche_montre_parametres_et_boutons(client_de, agent):
    brouillon = appel_complet(etat="brouillon", titre="Appel brouillon")
    page = _texte(client_de(agent).get(brouillon.get_absolute_url()))
    assert reverse("appels:publier", args=[brouillon.pk]) in page
    assert reverse("appels:supprimer", args=[brouillon.pk]) in page
    assert "Pertinence" in page and "Organisme actif depuis au moins 2 ans" in page
    assert "Lettres patentes" in page
    incomplet = AppelFactory(etat="brouillon", description="")
    page = _texte(client_de(agent).get(incomplet.get_absolute_url()))
    assert reverse("appels:publier", args=[incomplet.pk]) not in page
    assert "La grille d&#x27;évaluation n&#x27;a aucun critère." in page
    assert "Il faut une description ou un guide de l&#x27;appel." in page


def test_fiche_dit_la_grille_figee(client_de, agent):
    appel = appel_complet()
    DemandeFactory(appel=appel, etat="soumise")
    page = _texte(client_de(agent).get(appel.get_absolute_url()))
    assert "La grille est figée : 1 demande déposée" in page


def _donnees(programme, **autres):
    donnees = {
        "programme": programme.pk,
        "titre": "Montréal inclusive 2028",
        "exercice_debut": "2028",
        "exercice_fin": "2028",
        "description": "Projets.",
        "budget": "2 000 000,00",
        "montant_minimum": "10 000",
        "montant_maximum": "100 000",
        "ouverture": "2027-11-01T09:00",
        "cloture": "2028-03-16T16:00",
        "ecart_signale": "15",
        "criteres-TOTAL_FORMS": "2",
        "criteres-INITIAL_FORMS": "0",
        "criteres-0-libelle": "Pertinence",
        "criteres-0-note_maximale": "10",
        "criteres-0-ponderation": "60",
        "criteres-1-libelle": "Budget",
        "criteres-1-note_maximale": "10",
        "criteres-1-ponderation": "40",
        "regles-TOTAL_FORMS": "1",
        "regles-INITIAL_FORMS": "0",
        "regles-0-type": "anciennete",
        "regles-0-annees": "2",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-libelle": "Lettres patentes",
        "documents-0-obligatoire": "on",
    }
    donnees.update(autres)
    return donnees


def test_creer_un_appel_heures_de_montreal(client_de, agent):
    programme = ProgrammeFactory()
    client = client_de(agent)
    formulaire = _texte(client.get(reverse("appels:creer")))
    # A blank rule line comes with no rule chosen (else it would be sent as the first one).
    assert (
        '<select name="regles-0-type" id="id_regles-0-type">\n  <option value="" selected>'
        in formulaire
    )
    donnees = _donnees(programme)
    donnees["guide"] = ContentFile(PDF_MINIMAL, name="guide-2028.pdf")
    reponse = client.post(reverse("appels:creer"), donnees)
    appel = AppelDeProjets.objects.get()
    assert reponse.status_code == 302 and reponse.url == appel.get_absolute_url()
    assert appel.etat == "brouillon" and appel.budget == Decimal("2000000")
    # 16 h 00 in Montréal on 16 March 2028 (summer time) is 20 h 00 UTC.
    assert appel.cloture == datetime.datetime(2028, 3, 16, 20, 0, tzinfo=datetime.UTC)
    assert appel.ouverture == datetime.datetime(2027, 11, 1, 13, 0, tzinfo=datetime.UTC)
    assert [c.ponderation for c in appel.criteres.all()] == [60, 40]
    assert appel.regles.get().annees == 2 and appel.guide
    # The edit form shows the same wall-clock time back.
    page = _texte(client.get(reverse("appels:modifier", args=[appel.pk])))
    assert 'value="2028-03-16T16:00"' in page


def test_creer_sans_guide_puis_modifier_garde_le_guide(client_de, agent):
    client = client_de(agent)
    assert client.post(reverse("appels:creer"), _donnees(ProgrammeFactory())).status_code == 302
    appel = AppelDeProjets.objects.get()
    assert not appel.guide
    appel.guide.save("guide.pdf", ContentFile(PDF_MINIMAL))
    donnees = _donnees(appel.programme, version=str(appel.version), titre="Nouveau titre")
    # The form links the guide through the view that serves it: the storage has no public
    # address (the link was /interdit/appels/guides/…, a 404).
    formulaire = _texte(client.get(reverse("appels:modifier", args=[appel.pk])))
    lien = reverse("appels:guide", args=[appel.pk])
    assert f'Fichier actuel\xa0: <a href="{lien}">{appel.nom_guide}</a>' in formulaire
    assert "/interdit/" not in formulaire
    assert client.get(lien).status_code == 200
    reponse = client.post(reverse("appels:modifier", args=[appel.pk]), donnees)
    assert reponse.status_code == 302
    appel.refresh_from_db()
    assert appel.titre == "Nouveau titre" and appel.guide.name.startswith("appels/guides/guide")


def test_creer_refuse_et_dit_pourquoi(client_de, agent):
    programme = ProgrammeFactory()
    donnees = _donnees(
        programme,
        montant_minimum="200 000",
        cloture="2027-10-01T16:00",
        **{"regles-0-annees": ""},
    )
    reponse = client_de(agent).post(reverse("appels:creer"), donnees)
    assert reponse.status_code == 200
    page = _texte(reponse)
    assert "Le montant minimum ne peut pas dépasser le montant maximum par projet." in page
    assert "La clôture doit suivre l&#x27;ouverture." in page
    assert "Indiquez le nombre d&#x27;années d&#x27;activité exigé." in page
    assert not AppelDeProjets.objects.exists()


def test_lignes_laissees_vides_ignorees(client_de, agent):
    """What a browser sends for the extra lines left as they came: nothing is created from them
    (the checkbox and the maximum score keep their initial values)."""
    donnees = _donnees(
        ProgrammeFactory(),
        **{
            "criteres-TOTAL_FORMS": "3",
            "criteres-2-libelle": "",
            "criteres-2-note_maximale": "10",
            "criteres-2-ponderation": "",
            "regles-TOTAL_FORMS": "2",
            "regles-1-type": "",
            "documents-TOTAL_FORMS": "2",
            "documents-1-libelle": "",
            "documents-1-obligatoire": "on",
        },
    )
    assert client_de(agent).post(reverse("appels:creer"), donnees).status_code == 302
    appel = AppelDeProjets.objects.get()
    assert appel.criteres.count() == 2
    assert appel.regles.count() == 1 and appel.documents_requis.count() == 1


def test_ajouter_une_ligne_sans_enregistrer(client_de, agent):
    donnees = _donnees(ProgrammeFactory(), _ajouter="criteres")
    reponse = client_de(agent).post(reverse("appels:creer"), donnees)
    assert reponse.status_code == 200 and 'name="criteres-2-libelle"' in _texte(reponse)
    assert not AppelDeProjets.objects.exists()


def test_modifier_grille_figee_refusee(client_de, agent):
    appel = appel_complet()
    DemandeFactory(appel=appel, etat="soumise")
    client = client_de(agent)
    page = _texte(client.get(reverse("appels:modifier", args=[appel.pk])))
    assert "sont figés" in page
    donnees = _donnees(
        appel.programme,
        version=str(appel.version),
        ouverture="2020-01-01T09:00",
        **{"criteres-TOTAL_FORMS": "1", "criteres-0-ponderation": "100"},
    )
    reponse = client.post(reverse("appels:modifier", args=[appel.pk]), donnees)
    assert reponse.status_code == 200
    assert "La grille est figée : 1 demande déposée" in _texte(reponse)
    assert appel.criteres.count() == 5


def test_publier(client_de, gestionnaire):
    appel = appel_complet(etat="brouillon")
    client = client_de(gestionnaire)
    url = reverse("appels:publier", args=[appel.pk])
    assert client.get(url).status_code == 200
    reponse = client.post(url)
    assert reponse.status_code == 302
    appel.refresh_from_db()
    assert appel.etat == "publie"
    # Published: the page is refused with the reason, and the POST changes nothing.
    refus = client.get(url)
    assert refus.status_code == 403 and "plus un brouillon" in _texte(refus)


def test_supprimer_un_brouillon(client_de, agent):
    appel = appel_complet(etat="brouillon")
    reponse = client_de(agent).post(reverse("appels:supprimer", args=[appel.pk]))
    assert reponse.status_code == 302 and not AppelDeProjets.objects.exists()


def test_comite(client_de, agent):
    appel = _ferme()
    evaluateur = UserFactory(roles=["evaluateur"], first_name="Nadia", last_name="Roy")
    UserFactory(roles=["agent"], first_name="Pas", last_name="Évaluatrice")
    client = client_de(agent)
    page = _texte(client.get(appel.get_absolute_url()))
    assert "Nadia Roy" in page and "Pas Évaluatrice" not in page
    reponse = client.post(
        reverse("appels:evaluateur_ajouter", args=[appel.pk]), {"user": evaluateur.pk}
    )
    assert reponse.status_code == 302
    affectation = appel.evaluateurs.get()
    assert affectation.user == evaluateur and affectation.ajoute_par == agent
    page = _texte(client.get(appel.get_absolute_url()))
    url_retirer = reverse("appels:evaluateur_retirer", args=[appel.pk, affectation.pk])
    assert url_retirer in page
    assert client.post(url_retirer).status_code == 302
    assert not appel.evaluateurs.exists()


def test_un_evaluateur_n_a_pas_le_menu(client_de):
    evaluateur = UserFactory(roles=["evaluateur"])
    page = _texte(client_de(evaluateur).get(reverse("sans_role")))
    assert reverse("appels:gestion_liste") not in page
    assert "membre d'un comité de sélection" in page
    assert client_de(evaluateur).get(reverse("appels:gestion_liste")).status_code == 403


# --- Public -----------------------------------------------------------------------------------
def test_page_publique_anonyme(client):
    ouvert = appel_complet(
        titre="Montréal inclusive 2027",
        cloture=datetime.datetime(2030, 3, 18, 20, 0, tzinfo=datetime.UTC),
        guide=ContentFile(PDF_MINIMAL, name="guide.pdf"),
    )
    a_venir = _a_venir(titre="Zones d'inclusion 2028")
    ferme = _ferme(titre="Appel fermé")
    brouillon = appel_complet(titre="Appel en préparation", etat="brouillon")
    page = _texte(client.get(reverse("appels:liste")))
    assert ouvert.titre in page and "Zones d&#x27;inclusion 2028" in page
    assert ferme.titre not in page and brouillon.titre not in page
    assert "Ferme le 18 mars 2030 à 16\xa0h\xa000 (heure de Montréal)" in page
    assert "100\xa0000,00\xa0$" in page and "2\xa0000\xa0000,00\xa0$" in page
    assert reverse("appels:guide", args=[ouvert.pk]) in page
    assert reverse("connexion") in page
    assert a_venir.get_public_url() in page


def test_connecte_on_ne_lui_propose_ni_connexion_ni_inscription(client_de, agent, partenaire):
    """Signed in, « connectez-vous » and « Inscrire votre organisme » only led back home."""
    appel_complet()
    for user in (agent, partenaire):
        page = _texte(client_de(user).get(reverse("appels:liste")))
        assert f'href="{reverse("connexion")}"' not in page
        assert reverse("inscription:formulaire") not in page
        assert "le bouton « Déposer une demande » est sur la page de l'appel" in page


def test_fiche_publique(client):
    appel = appel_complet()
    page = _texte(client.get(appel.get_public_url()))
    assert "Organisme actif depuis au moins 2 ans" in page
    assert "Derniers états financiers" in page
    assert "Pertinence" in page and "30 %" in page
    # Staff-only things stay off the public page.
    assert "Comité" not in page and "Écart signalé" not in page


def test_brouillon_introuvable_pour_le_public(client, client_de, agent):
    appel = appel_complet(etat="brouillon")
    appel.guide.save("guide.pdf", ContentFile(PDF_MINIMAL))
    assert client.get(appel.get_public_url()).status_code == 404
    assert client.get(reverse("appels:guide", args=[appel.pk])).status_code == 404
    # Its staff download the draft's guide.
    assert client_de(agent).get(reverse("appels:guide", args=[appel.pk])).status_code == 200


def test_guide_telecharge(client):
    appel = appel_complet()
    appel.guide.save("guide-montreal-inclusive.pdf", ContentFile(PDF_MINIMAL))
    reponse = client.get(reverse("appels:guide", args=[appel.pk]))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content) == PDF_MINIMAL
    sans_guide = appel_complet()
    assert client.get(reverse("appels:guide", args=[sans_guide.pk])).status_code == 404


def test_page_publique_en_anglais(client):
    appel_complet(cloture=datetime.datetime(2030, 3, 18, 20, 0, tzinfo=datetime.UTC))
    client.cookies["django_language"] = "en"
    page = _texte(client.get(reverse("appels:liste")))
    # Amounts and dates in the reader's language (the strings' English comes with the .po).
    assert "$100,000.00" in page and 'lang="en-CA"' in page and "March 18, 2030" in page
