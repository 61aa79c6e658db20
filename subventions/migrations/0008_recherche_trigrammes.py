"""Trigram indexes for the grants search (numéro, titre contain the typed text), PostgreSQL only.

`pg_trgm` is a trusted extension (PostgreSQL 13+): the database owner may create it. Where it
cannot be created, the search still works, by reading every row; the migration says so rather
than failing the deployment.
"""

from django.db import migrations

INDEX = {
    "subvention_titre_trgm": "UPPER(titre::text)",
    "subvention_numero_trgm": "UPPER(numero::text)",
}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as curseur:
        curseur.execute("SAVEPOINT trigrammes")
        try:
            curseur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as erreur:  # noqa: BLE001 - a missing privilege only slows the search
            curseur.execute("ROLLBACK TO SAVEPOINT trigrammes")
            print(f"\n  pg_trgm indisponible, recherche sans index : {erreur}")
            return
        for nom, expression in INDEX.items():
            curseur.execute(
                f"CREATE INDEX IF NOT EXISTS {nom} ON subventions_subvention "
                f"USING gin ({expression} gin_trgm_ops)"
            )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as curseur:
        for nom in INDEX:
            curseur.execute(f"DROP INDEX IF EXISTS {nom}")


class Migration(migrations.Migration):
    dependencies = [("subventions", "0007_cibles_par_statut")]
    operations = [migrations.RunPython(creer, supprimer)]
