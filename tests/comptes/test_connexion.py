import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

MDP = "motdepasse-test-2026"


def test_page_de_connexion_en_francais(client, db):
    reponse = client.get("/connexion/")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Connexion" in contenu and "Mot de passe oublié" in contenu
    assert 'for="id_username"' in contenu


@pytest.mark.parametrize(
    ("role", "destination"),
    [
        ("agent", "/travail/"),
        ("gestionnaire", "/travail/"),
        ("administrateur", "/travail/"),
        ("partenaire", "/portail/"),
    ],
)
def test_chaque_role_arrive_chez_lui(client, request, role, destination):
    user = request.getfixturevalue(role)
    reponse = client.post("/connexion/", {"username": user.username, "password": MDP}, follow=True)
    assert reponse.redirect_chain[-1][0] == destination
    assert reponse.status_code == 200


def test_mauvais_mot_de_passe_message_francais(client, agent):
    reponse = client.post("/connexion/", {"username": agent.username, "password": "mauvais"})
    assert reponse.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in reponse.content.decode()


def test_connexion_bloquee_apres_cinq_echecs(client, agent):
    for _ in range(5):
        client.post("/connexion/", {"username": agent.username, "password": "mauvais"})
    reponse = client.post("/connexion/", {"username": agent.username, "password": MDP})
    assert reponse.status_code == 429
    assert "temporairement bloquée" in reponse.content.decode()


def test_deconnexion_par_post_seulement(client, agent):
    client.force_login(agent)
    assert client.get("/deconnexion/").status_code == 405
    reponse = client.post("/deconnexion/")
    assert reponse.status_code == 302
    assert client.get("/travail/").status_code == 302  # back to the login page


def test_partenaire_voit_son_organisme_au_portail(client, partenaire, organisme):
    client.force_login(partenaire)
    reponse = client.get("/portail/")
    assert escape(organisme.nom_legal) in reponse.content.decode()


def test_reinitialisation_du_mot_de_passe(client, agent):
    reponse = client.post(reverse("reinitialisation"), {"email": agent.email})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    assert "réinitialisation" in mail.outbox[0].subject
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_anglais_disponible(client, agent):
    client.force_login(agent)
    client.post("/langue/setlang/", {"language": "en", "next": "/travail/"})
    contenu = client.get("/travail/").content.decode()
    assert "To do" in contenu
    assert 'lang="en-CA"' in contenu


def test_admin_reserve_aux_administrateurs(client, agent, administrateur):
    client.force_login(agent)
    assert client.get("/admin/").status_code == 302
    client.force_login(administrateur)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/referentiel/rubrique/").status_code == 200


def test_francais_par_defaut_meme_si_le_navigateur_est_en_anglais(client, db):
    contenu = client.get("/connexion/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="fr-CA"' in contenu and "Se connecter" in contenu


def test_pages_de_mot_de_passe(client, agent):
    assert "<h1>Mot de passe oublié</h1>" in client.get("/mot-de-passe/oublie/").content.decode()
    lien_perime = client.get("/mot-de-passe/nouveau/MQ/faux-jeton/").content.decode()
    assert "Ce lien n&#x27;est plus valide" in lien_perime or "Ce lien n'est plus valide" in (
        lien_perime
    )
    client.force_login(agent)
    page = client.get("/mot-de-passe/changer/").content.decode()
    assert "<h1>Changer mon mot de passe</h1>" in page and 'name="old_password"' in page
