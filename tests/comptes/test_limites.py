"""Sign-in and password-reset throttling, by address as well as by account, and the
Permissions-Policy header."""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MDP = "motdepasse-test-2026"


@pytest.fixture(autouse=True)
def compteurs_vides():
    cache.clear()
    yield
    cache.clear()


def connexion(client, username, password="mauvais", adresse="203.0.113.7"):
    return client.post(
        "/connexion/", {"username": username, "password": password}, REMOTE_ADDR=adresse
    )


def test_dix_echecs_sur_cinq_comptes_bloquent_l_adresse(client):
    comptes = [UserFactory(username=f"compte{n}", roles=["agent"]) for n in range(5)]
    for compte in comptes * 2:
        connexion(client, compte.username)
    # Even the right password of an account not tried is refused from that address...
    reponse = connexion(client, UserFactory(username="autre", roles=["agent"]).username, MDP)
    assert reponse.status_code == 429
    assert "Connexion temporairement bloquée" in reponse.content.decode()
    # ...and not from another one.
    assert connexion(client, "autre", MDP, adresse="198.51.100.4").status_code == 302


def test_cinq_echecs_d_un_compte_le_bloquent_depuis_cette_adresse(client, agent):
    for _ in range(5):
        connexion(client, agent.username)
    assert connexion(client, agent.username, MDP).status_code == 429


def test_quatre_echecs_puis_succes_remet_a_zero(client, agent):
    for _ in range(4):
        connexion(client, agent.username)
    assert connexion(client, agent.username, MDP).status_code == 302
    client.logout()
    for _ in range(4):
        connexion(client, agent.username)
    assert connexion(client, agent.username, MDP).status_code == 302


def test_adresse_derriere_le_mandataire(settings, rf):
    from comptes.limites import adresse_client

    requete = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert adresse_client(requete) == "10.0.0.1"
    settings.PROXYS_DE_CONFIANCE = 1
    # The entry the proxy wrote, not what the client claimed before it.
    assert adresse_client(requete) == "203.0.113.7"
    assert adresse_client(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def reinitialiser(client, courriel, adresse="203.0.113.7"):
    return client.post("/mot-de-passe/oublie/", {"email": courriel}, REMOTE_ADDR=adresse)


def test_reinitialisation_limitee_par_courriel(client, settings, agent):
    settings.REINITIALISATIONS_PAR_COURRIEL = 3
    for n in range(3):
        assert reinitialiser(client, agent.email, adresse=f"198.51.100.{n}").status_code == 302
    reponse = reinitialiser(client, agent.email.upper(), adresse="198.51.100.9")
    assert reponse.status_code == 429
    assert "Trop de demandes de réinitialisation" in reponse.content.decode()
    assert len(mail.outbox) == 3


def test_reinitialisation_limitee_par_adresse(client, settings, agent):
    settings.REINITIALISATIONS_PAR_ADRESSE = 4
    for n in range(4):
        assert reinitialiser(client, f"inconnu{n}@exemple.org").status_code == 302
    assert reinitialiser(client, agent.email).status_code == 429
    assert mail.outbox == []
    assert reinitialiser(client, agent.email, adresse="198.51.100.4").status_code == 302
    assert len(mail.outbox) == 1


def test_la_limite_ne_dit_rien_des_comptes(client, settings, agent):
    """An e-mail with an account and one without are answered alike, under and over the limit."""
    settings.REINITIALISATIONS_PAR_COURRIEL = 1
    for courriel in (agent.email, "personne@exemple.org"):
        premiere = reinitialiser(client, courriel, adresse="198.51.100.1")
        seconde = reinitialiser(client, courriel, adresse="198.51.100.2")
        assert (premiere.status_code, premiere.url) == (302, "/mot-de-passe/oublie/envoye/")
        assert seconde.status_code == 429


@pytest.mark.parametrize("url", ["/connexion/", "/nexiste-pas/", "/travail/"])
def test_permissions_policy_sur_chaque_reponse(client, url):
    politique = client.get(url).headers["Permissions-Policy"]
    for fonction in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert fonction in politique
    assert "interest-cohort" not in politique
