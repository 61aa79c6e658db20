"""The database triggers that list, in rapports_cumulamettreajour, every grant whose
contribution to the running totals may have changed: on each insert, update or delete of a row
the dashboard's figures read, in the writer's own statement and transaction, whichever code
writes. Python signals would miss `QuerySet.update()`, `bulk_create()` and raw SQL.

Installed after every `migrate` (apps.py, post_migrate), dropped and created again. On SQLite
they are also dropped before a migrate that has migrations to apply (pre_migrate): a migration
rebuilds a table by creating a copy, dropping the table and renaming the copy, and SQLite then
checks every trigger that names a table, which fails while a table they read is missing. When
one was missing, every grant is listed and folded in again, so that the writes made without it
(the migrations' own) are counted."""

from django.db import connection

CIBLE = "rapports_cumulamettreajour"

# (table, SQL giving the pks (`sub`) of the grants a row touches, from the row named by {r}: NEW
# or OLD).
SOURCES = (
    ("subventions_subvention", "SELECT {r}.id AS sub"),
    ("subventions_repartition", "SELECT {r}.subvention_id AS sub"),
    ("subventions_servicefinance", "SELECT {r}.subvention_id AS sub"),
    (
        "subventions_ciblestatut",
        "SELECT subvention_id AS sub FROM subventions_servicefinance "
        "WHERE id = {r}.service_finance_id",
    ),
    (
        "subventions_serviceintegration",
        "SELECT subvention_id AS sub FROM subventions_servicefinance WHERE service_id = {r}.id",
    ),
    ("versements_versement", "SELECT {r}.subvention_id AS sub"),
    ("reddition_obligation", "SELECT {r}.subvention_id AS sub"),
    (
        "reddition_rapport",
        "SELECT subvention_id AS sub FROM reddition_obligation WHERE id = {r}.obligation_id",
    ),
    (
        "reddition_participation",
        "SELECT o.subvention_id AS sub FROM reddition_rapport r "
        "JOIN reddition_obligation o ON o.id = r.obligation_id WHERE r.id = {r}.rapport_id",
    ),
)
NOM = "rapports_cumul_{table}_{operation}"


def _inserer(source, ligne):
    # Always a new row, even for a grant already listed (rapports.models.CumulAMettreAJour).
    select = source.format(r=ligne)
    return f"INSERT INTO {CIBLE} (subvention) SELECT sub FROM ({select}) AS x WHERE sub IS NOT NULL"


def _sqlite(table, source):
    for operation, lignes in (
        ("insert", ("NEW",)),
        ("update", ("OLD", "NEW")),
        ("delete", ("OLD",)),
    ):
        nom = NOM.format(table=table, operation=operation)
        corps = "; ".join(_inserer(source, ligne) for ligne in lignes)
        yield f"DROP TRIGGER IF EXISTS {nom}"
        yield (
            f"CREATE TRIGGER {nom} AFTER {operation.upper()} ON {table} "
            f"FOR EACH ROW BEGIN {corps}; END"
        )


def _postgresql(table, source):
    fonction = NOM.format(table=table, operation="fn")
    yield f"""CREATE OR REPLACE FUNCTION {fonction}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN {_inserer(source, "OLD")}; END IF;
    IF TG_OP <> 'DELETE' THEN {_inserer(source, "NEW")}; END IF;
    RETURN NULL;
END $$"""
    yield (
        f"CREATE OR REPLACE TRIGGER {NOM.format(table=table, operation='tout')} "
        f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {fonction}()"
    )


def _presents(curseur) -> set[str]:
    if connection.vendor == "postgresql":
        curseur.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'rapports_cumul_%%'")
    else:
        curseur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rapports_cumul_%'"
        )
    return {nom for (nom,) in curseur.fetchall()}


def attendus() -> set[str]:
    operations = ("tout",) if connection.vendor == "postgresql" else ("insert", "update", "delete")
    return {NOM.format(table=t, operation=o) for t, _s in SOURCES for o in operations}


def manquants() -> set[str]:
    with connection.cursor() as curseur:
        return attendus() - _presents(curseur)


def installer(**kwargs) -> None:
    """(Re)create every trigger, then fold in every grant when one was missing, or the grants
    that have no contribution yet (the tables were just created, or emptied)."""
    ecrire = _postgresql if connection.vendor == "postgresql" else _sqlite
    with connection.cursor() as curseur:
        tables = set(connection.introspection.table_names(curseur))
        if CIBLE not in tables or not all(t in tables for t, _s in SOURCES):
            return  # a partial migration: the next full one installs them
        absents = attendus() - _presents(curseur)
        for table, source in SOURCES:
            for sql in ecrire(table, source):
                curseur.execute(sql)
        sans_contribution = (
            ""
            if absents
            else " WHERE NOT EXISTS (SELECT 1 FROM rapports_contributioncumul c "
            "WHERE c.subvention = s.id)"
        )
        curseur.execute(
            f"INSERT INTO {CIBLE} (subvention) SELECT id FROM subventions_subvention s"
            + sans_contribution
        )
    # Now rather than on the first reader's request (20,000 grants: about 25 s).
    from .services import cumuls_mettre_a_jour

    cumuls_mettre_a_jour()


def avant_migration(plan=None, **kwargs) -> None:
    """SQLite only, and only when migrations are to be applied (see the module's docstring)."""
    if plan and connection.vendor == "sqlite":
        supprimer()


def supprimer(*args) -> None:
    """Drops the triggers (the migration's way back: they would write to a dropped table)."""
    with connection.cursor() as curseur:
        for table, _source in SOURCES:
            if connection.vendor == "postgresql":
                fonction = NOM.format(table=table, operation="fn")
                curseur.execute(f"DROP FUNCTION IF EXISTS {fonction}() CASCADE")
            else:
                for operation in ("insert", "update", "delete"):
                    curseur.execute(
                        f"DROP TRIGGER IF EXISTS {NOM.format(table=table, operation=operation)}"
                    )
