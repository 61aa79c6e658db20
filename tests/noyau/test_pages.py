import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import override_settings
from django.urls import path

BASE = Path(__file__).resolve().parents[2]


def test_sante_sans_connexion(client, db):
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.json() == {"database": "ok"}


def test_sante_base_injoignable(client, db, monkeypatch):
    from noyau import views

    class ConnexionEnPanne:
        def cursor(self):
            raise DatabaseError("injoignable")

    monkeypatch.setattr(views, "connection", ConnexionEnPanne())
    reponse = client.get("/sante/")
    assert reponse.status_code == 503
    assert reponse.json() == {"database": "error"}


def test_404_en_francais(client, db):
    reponse = client.get("/nexiste-pas/")
    assert reponse.status_code == 404
    contenu = reponse.content.decode()
    assert "Page introuvable" in contenu
    assert 'lang="fr-CA"' in contenu


def _boom(request):
    raise RuntimeError("secret interne")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_en_francais_sans_trace(client, db):
    client.raise_request_exception = False
    reponse = client.get("/boom/")
    assert reponse.status_code == 500
    contenu = reponse.content.decode()
    assert "Erreur du serveur" in contenu
    assert "secret interne" not in contenu
    assert "Traceback" not in contenu


def test_production_passe_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 20 + "-une-vraie-cle-secrete-tres-longue-et-aleatoire-0123456789",
        "ALLOWED_HOSTS": "subventions.binam.montreal.ca",
        "ADRESSE_DU_SITE": "https://subventions.binam.montreal.ca",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "check-deploy.sqlite3"),
    }
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


@pytest.mark.parametrize("url", ["/static/css/binam.css"])
def test_css_servi_localement(url):
    assert (BASE / "static" / "css" / "binam.css").exists()
    gabarit = (BASE / "templates" / "base.html").read_text()
    assert "http://" not in gabarit and "https://" not in gabarit


@pytest.fixture
def client_csrf(db):
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_formulaire_expire_page_du_projet(client_csrf):
    """A stale token (signed in from another tab) gets the project's page, in French, with
    what to do and a way back, not Django's bare English page."""
    reponse = client_csrf.post(
        "/connexion/",
        {"username": "x", "password": "y", "csrfmiddlewaretoken": "perime"},
        HTTP_REFERER="http://testserver/connexion/",
    )
    assert reponse.status_code == 403
    contenu = reponse.content.decode()
    assert 'lang="fr-CA"' in contenu
    assert "Formulaire expiré — Subventions BINAM</title>" in contenu
    assert "rechargez la page, puis réessayez" in contenu
    assert '<a href="http://testserver/connexion/">Revenir au formulaire</a>' in contenu
    assert "DEBUG" not in contenu


def test_formulaire_expire_sans_lien_vers_un_autre_site(client_csrf):
    reponse = client_csrf.post("/connexion/", {}, HTTP_REFERER="https://ailleurs.example/")
    assert reponse.status_code == 403
    contenu = reponse.content.decode()
    assert "ailleurs.example" not in contenu
    assert "Retour à l'accueil" in contenu


def test_formulaire_expire_en_anglais(client_csrf):
    client_csrf.cookies["django_language"] = "en"
    reponse = client_csrf.post("/connexion/", {})
    assert reponse.status_code == 403
    contenu = reponse.content.decode()
    assert 'lang="en-CA"' in contenu
    assert "<h1>Form expired</h1>" in contenu
    assert "reload the page and try again" in contenu


def test_make_run_donne_aux_courriels_l_adresse_servie():
    """`make run ADRESSE=…` serves there and its emails link there (unless ADRESSE_DU_SITE is
    already set): a server moved off port 8000 no longer mails links to localhost:8000."""
    resultat = subprocess.run(
        ["make", "-n", "run", "ADRESSE=127.0.0.1:8080"],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    (commande,) = [ligne for ligne in resultat.stdout.splitlines() if "runserver" in ligne]
    assert commande.startswith("ADRESSE_DU_SITE=${ADRESSE_DU_SITE:-http://127.0.0.1:8080} ")
    assert commande.endswith("manage.py runserver 127.0.0.1:8080")
