"""Sessions end after 30 minutes idle and 10 hours in all; a deactivated user's session stops."""

import pytest

from noyau import middleware

MDP = "motdepasse-test-2026"
PAGE = "/organismes/"


class Horloge:
    def __init__(self, monkeypatch):
        self.instant = 1_800_000_000
        monkeypatch.setattr(middleware, "maintenant", lambda: self.instant)

    def avancer(self, minutes):
        self.instant += minutes * 60


@pytest.fixture
def horloge(monkeypatch):
    return Horloge(monkeypatch)


@pytest.fixture
def connecte(client, agent):
    reponse = client.post("/connexion/", {"username": agent.username, "password": MDP})
    assert reponse.status_code == 302
    return client


def vers_connexion(reponse):
    return reponse.status_code == 302 and reponse.url.startswith("/connexion/")


def test_29_minutes_d_inactivite_gardent_la_session(horloge, connecte):
    assert connecte.get(PAGE).status_code == 200
    horloge.avancer(29)
    assert connecte.get(PAGE).status_code == 200


def test_31_minutes_d_inactivite_terminent_la_session(horloge, connecte):
    assert connecte.get(PAGE).status_code == 200
    horloge.avancer(31)
    assert vers_connexion(connecte.get(PAGE))
    assert connecte.get(PAGE).status_code == 302  # the session is gone, not only this request


def test_dix_heures_au_total_meme_en_activite(horloge, connecte):
    assert connecte.get(PAGE).status_code == 200
    for _ in range(599 // 20):
        horloge.avancer(20)
        assert connecte.get(PAGE).status_code == 200
    horloge.avancer(21)  # 10 h 01: past the absolute limit though never idle
    assert vers_connexion(connecte.get(PAGE))


def test_cookie_de_session_limite_a_dix_heures(settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60


def test_utilisateur_desactive_perd_sa_session(connecte, agent):
    assert connecte.get(PAGE).status_code == 200
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    assert vers_connexion(connecte.get(PAGE))
