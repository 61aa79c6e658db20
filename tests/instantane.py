"""`manage.py demo` loaded once per test run, then replayed: the modules that only read the demo
loaded it again and again (7 to 10 s of CPU each), on each pytest-xdist worker that got one of
their tests. The first load with given arguments runs the command and keeps the rows it added to
each table, and the files they name, in this process and in a file the run's other workers read;
a later load with the same arguments, on a base in the same state as before the first, inserts
those rows and files again (under a second). Anything else (another state, a demo that changed
rows it found) runs the command itself."""

import contextlib
import hashlib
import io
import os
import pickle

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

# Refilled by the running totals' triggers as the rows go in (rapports/cumuls/declencheurs.py);
# its ids would collide with the triggers' own.
TABLES_IGNOREES = {"django_migrations", "rapports_cumulamettreajour"}

_instantanes = {}
# The run's folder that its pytest-xdist workers share (set by tests/conftest.py); None when one
# process runs the tests.
DOSSIER = None


def charger_demo(*arguments):
    """`call_command("demo", *arguments)`, replayed when this run already ran it."""
    cle = (connection.vendor, arguments)
    avant = _etat()
    instantane = _instantanes.get(cle) or _lire(cle)
    if instantane is not None and instantane.rejouable(avant):
        _instantanes[cle] = instantane
        instantane.rejouer()
        return
    call_command("demo", *arguments, stdout=io.StringIO())
    _instantanes[cle] = Instantane.prendre(avant)
    _ecrire(cle, _instantanes[cle])


def _chemin(cle):
    if DOSSIER is None:
        return None
    return DOSSIER / (hashlib.sha256(repr(cle).encode()).hexdigest()[:24] + ".pickle")


def _lire(cle):
    chemin = _chemin(cle)
    with contextlib.suppress(FileNotFoundError):
        if chemin is not None:
            return pickle.loads(chemin.read_bytes())  # written by this run's own workers
    return None


def _ecrire(cle, instantane):
    chemin = _chemin(cle)
    if chemin is None or instantane is None:
        return
    chemin.parent.mkdir(parents=True, exist_ok=True)
    provisoire = chemin.with_suffix(f".{os.getpid()}")
    provisoire.write_bytes(pickle.dumps(instantane))
    provisoire.replace(chemin)  # a reader never sees half a file


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
    """(model, field name, file name, bytes) of every file a row names."""
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
                        fichiers.append((modele._meta.label, champ.name, nom, fichier.read()))
    return fichiers


class Instantane:
    def __init__(self, avant, nouvelles, colonnes, fichiers):
        self.avant = avant
        self.nouvelles = nouvelles
        self.colonnes = colonnes  # each table's, as the rows were read (SQLite keeps no names)
        self.fichiers = fichiers

    @classmethod
    def prendre(cls, avant):
        apres = _etat()
        if any(avant[t] - apres.get(t, frozenset()) for t in avant):
            return None  # the demo changed or removed rows it found: no replay
        nouvelles = {t: sorted(apres[t] - avant.get(t, frozenset()), key=repr) for t in apres}
        nouvelles = {t: lignes for t, lignes in nouvelles.items() if lignes}
        colonnes = {t: _colonnes(t) for t in nouvelles}
        return cls(avant, nouvelles, colonnes, _fichiers())

    def rejouable(self, avant):
        """The base is as it was before the first load, its tables with the same columns."""
        return self.avant == avant and all(_colonnes(t) == c for t, c in self.colonnes.items())

    def rejouer(self):
        with transaction.atomic(), connection.cursor() as curseur:
            for table, lignes in self.nouvelles.items():
                nom, colonnes = connection.ops.quote_name(table), self.colonnes[table]
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
                # The ids went in as they were (another worker's sequences gave them): the
                # sequences, many-to-many tables' included, would hand them out again.
                modeles = apps.get_models(include_auto_created=True)
                for requete in connection.ops.sequence_reset_sql(no_style(), modeles):
                    curseur.execute(requete)
        for modele, champ, nom, contenu in self.fichiers:
            # Another demo (other arguments, same ids) may have left a file of that name.
            stockage = apps.get_model(modele)._meta.get_field(champ).storage
            stockage.delete(nom)
            assert stockage.save(nom, ContentFile(contenu)) == nom, nom
        if not connection.in_atomic_block:
            # Committed, the demo's rows had their running totals folded after the commit (the
            # totals are in the rows replayed); the triggers queued them again.
            from rapports.cumuls.services import cumuls_mettre_a_jour

            cumuls_mettre_a_jour()
