"""The demo replayed by tests/instantane.py is the demo loaded: the same rows in every table and
the same files, read back from a new storage."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from organismes.models import Document
from tests import instantane

ARGUMENTS = ("--subventions", "4", "--organismes", "3", "--seed", "11")


@pytest.mark.django_db
def test_la_demo_rejouee_est_la_demo_chargee(monkeypatch):
    point = transaction.savepoint()
    instantane.charger_demo(*ARGUMENTS)
    chargee = instantane._etat()
    fichiers = {d.fichier.name: d.fichier.read() for d in Document.objects.all()}
    transaction.savepoint_rollback(point)
    assert fichiers and not Document.objects.exists()

    def commande(*args, **kwargs):
        raise AssertionError("la commande a tourné au lieu d'être rejouée")

    monkeypatch.setattr(instantane, "call_command", commande)
    with override_settings(STORAGES={**settings.STORAGES}):  # a new, empty storage
        instantane.charger_demo(*ARGUMENTS)
        assert instantane._etat() == chargee
        assert {d.fichier.name: d.fichier.read() for d in Document.objects.all()} == fichiers
