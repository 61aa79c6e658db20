"""A 403 writes one warning line (path, user id) without a traceback; a 500 keeps its traceback."""

import logging

from django.test import override_settings
from django.urls import path


def _boom(request):
    raise RuntimeError("panne réelle")


urlpatterns = [path("boom/", _boom)]


def test_403_une_ligne_sans_trace(client, partenaire, autre_organisme, caplog):
    client.force_login(partenaire)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        reponse = client.get("/organismes/nouveau/")
    assert reponse.status_code == 403
    enregistrements = [r for r in caplog.records if r.name == "django.request"]
    assert len(enregistrements) == 1
    ligne = enregistrements[0]
    assert ligne.levelname == "WARNING" and ligne.exc_info is None
    assert ligne.getMessage() == f"Forbidden (403): /organismes/nouveau/ user={partenaire.pk}"
    assert "Traceback" not in caplog.text


@override_settings(ROOT_URLCONF=__name__)
def test_500_garde_sa_trace(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/boom/").status_code == 500
    assert "Traceback" in caplog.text and "panne réelle" in caplog.text
