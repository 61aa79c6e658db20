"""The demo replayed by tests/instantane.py is the demo loaded: the same rows in every table and
the same files, read back from a new storage that held another file of the same name, and on
PostgreSQL sequences past every id replayed, as another worker that never ran the demo needs."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test import override_settings

from organismes.models import Document
from tests import instantane

ARGUMENTS = ("--subventions", "4", "--organismes", "3", "--seed", "11")


def _sequences():
    """(table, sequence) of every table with an identity column, many-to-many tables included."""
    resultat = []
    with connection.cursor() as curseur:
        for modele in apps.get_models(include_auto_created=True):
            table, colonne = modele._meta.db_table, modele._meta.pk.column
            curseur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, colonne])
            if (sequence := curseur.fetchone()[0]) is not None:
                resultat.append((table, colonne, sequence))
    return resultat


@pytest.mark.django_db
def test_la_demo_rejouee_est_la_demo_chargee(monkeypatch):
    monkeypatch.setattr(instantane, "_instantanes", {})
    monkeypatch.setattr(instantane, "DOSSIER", None)
    vraie_commande, appels = instantane.call_command, []

    def commande(*args, **kwargs):
        appels.append(args)
        return vraie_commande(*args, **kwargs)

    monkeypatch.setattr(instantane, "call_command", commande)
    point = transaction.savepoint()
    instantane.charger_demo(*ARGUMENTS)
    chargee = instantane._etat()
    fichiers = {d.fichier.name: d.fichier.read() for d in Document.objects.all()}
    transaction.savepoint_rollback(point)
    assert fichiers and not Document.objects.exists()
    if connection.vendor == "postgresql":
        # A worker that never loaded the demo: its sequences start from the beginning.
        with connection.cursor() as curseur:
            for _table, _colonne, sequence in _sequences():
                curseur.execute("SELECT setval(%s, 1, false)", [sequence])

    with override_settings(STORAGES={**settings.STORAGES}):  # a new, empty storage…
        un_nom = next(iter(fichiers))
        default_storage.save(un_nom, ContentFile(b"une autre demo"))  # …but for this name
        instantane.charger_demo(*ARGUMENTS)
        assert appels == [("demo", *ARGUMENTS)]  # once: the second load was replayed
        assert instantane._etat() == chargee
        assert {d.fichier.name: d.fichier.read() for d in Document.objects.all()} == fichiers
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            for table, colonne, sequence in _sequences():
                curseur.execute(f'SELECT max("{colonne}") FROM "{table}"')
                plus_grand = curseur.fetchone()[0]
                curseur.execute(f"SELECT last_value FROM {sequence}")
                assert plus_grand is None or curseur.fetchone()[0] >= plus_grand, table
