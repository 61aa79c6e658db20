"""The SQLite test database is built from the models, not by replaying the migrations.

Replaying the migrations took 29 s of CPU in each pytest worker, a sixth of `make test`'s wall
time: Django renders the historical models again at every operation, and every model here is
related to every other through the history's user. The test settings set TEST["MIGRATE"] = False
on SQLite, so Django creates the tables from the models (`migrate --run-syncdb`); this module then
does what the migrations do beyond the schema, in the graph's order: it runs each migration's
RunPython step with the current models (reference data, role groups) and records the migration
as applied, as on a migrated base.

The migrations stay tested: the PostgreSQL pass of `.ci/run` replays every one of them,
`makemigrations --check` (tests/test_migrations_a_jour.py) proves that the models and the
migrations agree, and tests/catalogue/test_migration.py runs a pair of them backwards and
forwards.
"""

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython


def completer_la_base():
    """After the test database is created: nothing to do when the migrations built it, nor when
    no test asked for a base (pytest-django then leaves the connection on the development one)."""
    if connection.settings_dict["TEST"].get("MIGRATE", True):
        return
    if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
        return
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    executor.recorder.ensure_schema()
    with connection.schema_editor() as schema_editor:
        for migration, _ in plan:
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)
            executor.recorder.record_applied(migration.app_label, migration.name)
