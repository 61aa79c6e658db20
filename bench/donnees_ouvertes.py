"""Benchmark: the open data files at scale (never part of the test suite's pass/fail).

    .venv/bin/python bench/donnees_ouvertes.py                 # throw-away SQLite database
    BENCH_SUBVENTIONS=20000 .venv/bin/python bench/donnees_ouvertes.py
    DATABASE_URL=postgres://... .venv/bin/python bench/donnees_ouvertes.py   # an empty database

Loads `demo` with 200 grants, measures each file of the programme and exercice holding the most
grants (queries, time, size, peak Python memory), then loads up to BENCH_SUBVENTIONS and
measures again: the queries must be equal and the memory flat while the rows grow.
"""

import os
import time
import tracemalloc

from amorce import amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from subventions.models import Repartition  # noqa: E402

NOMBRE = int(os.environ.get("BENCH_SUBVENTIONS", "20000"))
PETIT = 200
FICHIERS = ("montreal.csv", "360giving.csv", "360giving.json")


def charger(nombre):
    with open(os.devnull, "w") as nul:
        call_command("demo", subventions=nombre, organismes=400, seed=1, stdout=nul)


def le_plus_garni():
    """(programme code, exercice) with the most grants approved or later."""
    ligne = (
        Repartition.objects.engagees()
        .values("subvention__programme__code", "exercice")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return ligne["subvention__programme__code"], ligne["exercice"], ligne["n"]


def lire(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return b"".join(reponse.streaming_content)


def mesurer(client, url):
    lire(client, url)  # warm the session and caches
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        taille = len(lire(client, url))
        duree = time.perf_counter() - debut
    # Read now: the next request empties the connection's log (reset_queries).
    nombre = len(requetes.captured_queries)
    tracemalloc.start()
    for _bloc in client.get(url).streaming_content:
        pass
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return nombre, duree, taille, pic / 1024 / 1024


def passe(client):
    code, exercice, nombre = le_plus_garni()
    print(f"\n{code} {exercice}: {nombre} subventions")
    resultats = {}
    for fichier in FICHIERS:
        kwargs = {"programme": code, "exercice": exercice, "fichier": fichier}
        url = reverse("echanges:donnees_ouvertes_fichier", kwargs=kwargs)
        resultats[fichier] = r = mesurer(client, url)
        print(
            f"  {fichier:16} {r[0]:3} requêtes  {r[1] * 1000:8.0f} ms  {r[2] / 1024:8.0f} Kio"
            f"  pic {r[3]:6.1f} Mio"
        )
    return resultats


def main():
    call_command("migrate", verbosity=0)
    charger(PETIT)
    client = Client()
    client.force_login(User.objects.get(username="gestionnaire"))
    petit = passe(client)
    charger(NOMBRE)
    grand = passe(client)
    for fichier in FICHIERS:
        assert petit[fichier][0] == grand[fichier][0], f"{fichier}: requêtes selon N"


if __name__ == "__main__":
    main()
