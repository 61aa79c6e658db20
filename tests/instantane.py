"""`manage.py demo` loaded once per test process, then replayed: the modules that only read the demo
loaded it again and again (7 to 10 s of CPU each). The first load with given arguments runs the
command and keeps the rows it added to each table, and the files they name; a later load with the
same arguments, on a base in the same state as before the first, inserts those rows and files
again (about a second). Anything else (another state, a demo that changed rows it found) runs the
command itself."""

import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

# Refilled by the running totals' triggers as the rows go in (rapports/cumuls/declencheurs.py);
# its ids would collide with the triggers' own.
TABLES_IGNOREES = {"django_migrations", "rapports_cumulamettreajour"}

_instantanes = {}


def charger_demo(*arguments):
    """`call_command("demo", *arguments)`, replayed when this process already ran it."""
    cle = (connection.vendor, connection.settings_dict["NAME"], arguments)
    avant = _etat()
    instantane = _instantanes.get(cle)
    if instantane is not None and instantane.avant == avant:
        instantane.rejouer()
        return
    call_command("demo", *arguments, stdout=io.StringIO())
    _instantanes[cle] = Instantane.prendre(avant)


def _tables():
    return sorted(set(connection.introspection.table_names()) - TABLES_IGNOREES)


def _colonnes(table):
    """The columns of `table` a row is written with (not the generated ones), quoted."""
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                " AND table_schema = current_schema() AND is_generated = 'NEVER'"
                " ORDER BY ordinal_position",
                [table],
            )
            noms = [nom for (nom,) in curseur.fetchall()]
        else:
            curseur.execute(f"PRAGMA table_xinfo({connection.ops.quote_name(table)})")
            noms = [ligne[1] for ligne in curseur.fetchall() if ligne[6] == 0]
    return ", ".join(connection.ops.quote_name(nom) for nom in noms)


def _lignes(table):
    """Each row of `table` in a form the same backend can insert again."""
    nom = connection.ops.quote_name(table)
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute(f"SELECT row_to_json(t)::text FROM {nom} t")
            return frozenset(ligne for (ligne,) in curseur.fetchall())
        curseur.execute(f"SELECT {_colonnes(table)} FROM {nom}")
        return frozenset(curseur.fetchall())


def _etat():
    return {table: _lignes(table) for table in _tables()}


def _fichiers():
    """(field, name, bytes) of every file a row names."""
    fichiers = []
    for modele in apps.get_models(include_auto_created=True):
        for champ in modele._meta.concrete_fields:
            if not isinstance(champ, models.FileField):
                continue
            noms = modele._base_manager.exclude(**{champ.attname: ""}).values_list(
                champ.attname, flat=True
            )
            for nom in noms:
                if nom and champ.storage.exists(nom):
                    with champ.storage.open(nom) as fichier:
                        fichiers.append((champ, nom, fichier.read()))
    return fichiers


class Instantane:
    def __init__(self, avant, nouvelles, fichiers):
        self.avant = avant
        self.nouvelles = nouvelles
        self.fichiers = fichiers

    @classmethod
    def prendre(cls, avant):
        apres = _etat()
        if any(avant[t] - apres.get(t, frozenset()) for t in avant):
            return None  # the demo changed or removed rows it found: no replay
        nouvelles = {t: sorted(apres[t] - avant.get(t, frozenset()), key=repr) for t in apres}
        return cls(avant, {t: lignes for t, lignes in nouvelles.items() if lignes}, _fichiers())

    def rejouer(self):
        with transaction.atomic(), connection.cursor() as curseur:
            for table, lignes in self.nouvelles.items():
                nom, colonnes = connection.ops.quote_name(table), _colonnes(table)
                if connection.vendor == "postgresql":
                    curseur.execute(
                        f"INSERT INTO {nom} ({colonnes}) SELECT {colonnes}"
                        f" FROM json_populate_recordset(NULL::{nom}, %s)",
                        ["[" + ",".join(lignes) + "]"],
                    )
                else:
                    marques = ", ".join(["%s"] * len(lignes[0]))
                    curseur.executemany(
                        f"INSERT INTO {nom} ({colonnes}) VALUES ({marques})", lignes
                    )
            if connection.vendor == "postgresql":
                # The ids went in as they were: the sequences would hand them out again.
                for requete in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    curseur.execute(requete)
        for champ, nom, contenu in self.fichiers:
            if not champ.storage.exists(nom):
                assert champ.storage.save(nom, ContentFile(contenu)) == nom, nom
