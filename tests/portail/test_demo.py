"""The demo's partner accounts find something in every section of their portal home."""

import pytest
from django.contrib.auth.models import User

from tests.instantane import charger_demo

pytestmark = pytest.mark.django_db

SECTIONS = ("subventions", "obligations", "versements", "messages_binam")


def test_chaque_section_du_portail_a_du_contenu(client):
    charger_demo()
    for username in ("partenaire", "partenaire2"):
        client.force_login(User.objects.get(username=username))
        reponse = client.get("/portail/")
        assert reponse.status_code == 200
        for section in SECTIONS:
            assert reponse.context[section].paginator.count, (username, section)
        assert reponse.context["contact"] is not None, username
