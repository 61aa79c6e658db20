"""The models and the migrations agree: a model changed without its migration fails the suite.

`make test` ran `manage.py makemigrations --check` before pytest, in a process of its own that
set Django up once more (about 2 s before the first test, on a fresh clone); inside the suite it
runs beside the other tests, on SQLite and on PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_aucune_migration_manquante():
    sortie = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=sortie, stderr=sortie)
    except SystemExit:
        pytest.fail("Des modèles ont changé sans leur migration :\n" + sortie.getvalue())
