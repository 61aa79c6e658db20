"""A list computed in Python, as one array on PostgreSQL: the same rows as `__in`."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from noyau.requetes import dans_la_liste
from subventions.models import Subvention
from tests.factories import OrganismeFactory, SubventionFactory


@pytest.fixture
def subventions(db):
    organismes = OrganismeFactory.create_batch(3)
    return [SubventionFactory(organisme=o, titre=f"Projet {i}") for i, o in enumerate(organismes)]


def test_memes_lignes_que_in_seule_ou_avec_q(subventions):
    pks = [subventions[0].organisme_id, subventions[2].organisme_id]
    attendues = set(Subvention.objects.filter(organisme__in=pks))
    assert set(Subvention.objects.filter(dans_la_liste("organisme_id", pks))) == attendues
    titre = Q(titre="Projet 1")
    combine = Subvention.objects.filter(titre | dans_la_liste("organisme_id", pks))
    assert set(combine) == set(subventions)
    assert set(Subvention.objects.exclude(dans_la_liste("organisme_id", pks))) == {subventions[1]}


def test_liste_vide_ne_garde_rien(subventions):
    assert not Subvention.objects.filter(dans_la_liste("organisme_id", [])).exists()
    avec_q = Subvention.objects.filter(Q(titre="Projet 1") | dans_la_liste("organisme_id", []))
    assert list(avec_q) == [subventions[1]]


def test_un_seul_parametre_sur_postgresql(subventions):
    pks = [s.organisme_id for s in subventions]
    with CaptureQueriesContext(connection) as requetes:
        list(Subvention.objects.filter(dans_la_liste("organisme_id", pks)))
    sql = requetes.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY (" in sql or "= ANY(" in sql
    else:
        assert sql.count(",") >= len(pks) - 1 and " IN (" in sql
