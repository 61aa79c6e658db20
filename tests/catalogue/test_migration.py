"""Moving ServiceIntegration from subventions to catalogue renames no table and loses no row.

A database still at the pre-move migrations gets a service (with its statuts, its history and a
grant funding it) written through the OLD model; after migrating forward, the new model reads
every bit of it back, and the content type (admin log, permissions) is the same row.

Only the move's two migrations are run, backwards then forwards, through Django's executor: the
later ones (bounds, per-status targets, indexes) are no part of the move, and unapplying the whole
graph down to subventions.0001, then applying it again, re-rendered the models hundreds of times
(about 30 s of CPU for this one test; 5 s now).
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalogue.models import ServiceIntegration
from referentiel.models import StatutImmigration, Territoire
from subventions.models import ServiceFinance
from tests.factories import OrganismeFactory, SubventionFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The move: catalogue.0001 takes the model (and renames its content types), then subventions.0002
# drops it from subventions' state and points ServiceFinance.service to it. Both leave the tables.
DEPLACEMENT = [("catalogue", "0001_initial"), ("subventions", "0002_deplacement_services")]


def migrer(en_arriere):
    executor = MigrationExecutor(connection)
    noeuds = reversed(DEPLACEMENT) if en_arriere else DEPLACEMENT
    plan = [(executor.loader.graph.nodes[noeud], en_arriere) for noeud in noeuds]
    executor.migrate(None, plan=plan)
    return executor


def test_une_base_existante_garde_ses_services():
    # A transactional test run before this one on the same worker may have flushed the
    # migrations' reference data (seen on PostgreSQL): seed it again, as its migration does.
    importlib.import_module("referentiel.migrations.0002_donnees_initiales").charger(apps, None)
    organisme = OrganismeFactory()
    subvention = SubventionFactory(organisme=organisme)
    statuts = list(StatutImmigration.objects.order_by("ordre")[:2])
    territoire = Territoire.objects.order_by("nom").first()
    type_avant = ContentType.objects.get_for_model(ServiceIntegration).pk

    executor = migrer(en_arriere=True)
    try:
        anciennes = executor.loader.project_state(("subventions", "0001_initial")).apps
        Ancien = anciennes.get_model("subventions", "ServiceIntegration")
        AncienneHistoire = anciennes.get_model("subventions", "HistoricalServiceIntegration")
        AncienFinancement = anciennes.get_model("subventions", "ServiceFinance")
        AncienneHistoireStatuts = anciennes.get_model(
            "subventions", "HistoricalServiceIntegration_statuts_vises"
        )
        assert ContentType.objects.get(pk=type_avant).app_label == "subventions"

        ancien = Ancien.objects.create(
            nom="Francisation des parents",
            organisme_id=organisme.pk,
            rubrique_id=anciennes.get_model("referentiel", "Rubrique").objects.first().pk,
            lieu="Saint-Laurent",
        )
        ancien.statuts_vises.set([s.pk for s in statuts])
        ancien.territoires.set([territoire.pk])
        histoire = AncienneHistoire.objects.create(
            id=ancien.pk,
            nom=ancien.nom,
            organisme_id=organisme.pk,
            rubrique_id=ancien.rubrique_id,
            history_date="2026-01-15T10:00:00Z",
            history_type="+",
        )
        AncienneHistoireStatuts.objects.create(
            id=1, history=histoire, serviceintegration=ancien, statutimmigration_id=statuts[0].pk
        )
        AncienFinancement.objects.create(
            subvention_id=subvention.pk, service=ancien, participants_cibles=30, montant=5000
        )
    finally:
        migrer(en_arriere=False)

    service = ServiceIntegration.objects.get(pk=ancien.pk)
    assert service.nom == "Francisation des parents"
    assert service.lieu == "Saint-Laurent"
    assert set(service.statuts_vises.all()) == set(statuts)
    assert list(service.territoires.all()) == [territoire]
    histoire = service.history.get()
    assert histoire.history_type == "+"
    HistoireStatuts = apps.get_model("catalogue", "HistoricalServiceIntegration_statuts_vises")
    assert list(
        HistoireStatuts.objects.filter(history=histoire).values_list(
            "statutimmigration_id", flat=True
        )
    ) == [statuts[0].pk]
    financement = ServiceFinance.objects.get(subvention=subvention)
    assert financement.service == service
    assert list(service.financements.all()) == [financement]
    assert ContentType.objects.get_for_model(ServiceIntegration).pk == type_avant
    assert not ContentType.objects.filter(app_label="subventions", model="serviceintegration")
