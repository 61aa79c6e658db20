from decimal import Decimal

import pytest

from tests.factories import EnveloppeFactory, ProgrammeFactory, ServiceFactory


@pytest.fixture
def stockage_tmp(settings, tmp_path):
    """Uploads of these tests go to a temporary private directory, never under var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "prive", "base_url": "/interdit/"},
        },
    }
    return tmp_path / "prive"


@pytest.fixture
def contexte(client, agent, organisme):
    client.force_login(agent)
    programme = ProgrammeFactory(nom="Montréal inclusive")
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("100000"))
    service = ServiceFactory(organisme=organisme)
    return {"client": client, "agent": agent, "organisme": organisme,
            "programme": programme, "service": service}  # fmt: skip
