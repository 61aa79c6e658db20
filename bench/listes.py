"""Benchmark: list pages and exports at scale (never part of the test suite's pass/fail).

    make bench                      # 10 000 grants on a throw-away SQLite database
    BENCH_SUBVENTIONS=50000 make bench
    DATABASE_URL=postgres://... make bench

Prints, per page: SQL queries, median and worst time over a few requests, and the peak Python
memory of the exports (tracemalloc), which must stay flat as the number of rows grows.
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
os.environ["DEBUG"] = "False"
os.environ["DEMO_AUTORISEE"] = "True"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
NOMBRE = int(os.environ.get("BENCH_SUBVENTIONS", "10000"))
REPETITIONS = 5
PAGES = [
    "/subventions/",
    "/subventions/?statut=en_cours&sort=-montant_accorde",
    "/subventions/?q=accueil&page=3",
    "/organismes/",
    "/subventions/services/",
    "/travail/",
]


def mesurer(client, url):
    durees, requetes = [], 0
    for _ in range(REPETITIONS):
        with CaptureQueriesContext(connection) as ctx:
            debut = time.perf_counter()
            reponse = client.get(url)
            _ = b"".join(reponse) if reponse.streaming else reponse.content
            durees.append((time.perf_counter() - debut) * 1000)
        assert reponse.status_code == 200, (url, reponse.status_code)
        requetes = len(ctx.captured_queries)
    return requetes, statistics.median(durees), max(durees)


def main():
    call_command("migrate", verbosity=0)
    debut = time.perf_counter()
    with open(os.devnull, "w") as nul:
        call_command("demo", subventions=NOMBRE, organismes=400, seed=1, stdout=nul)
    print(
        f"Données: {NOMBRE} subventions chargées en {time.perf_counter() - debut:.1f} s "
        f"({connection.vendor})"
    )
    client = Client()
    client.force_login(User.objects.get(username="gestionnaire"))
    print(f"{'page':60} {'requêtes':>8} {'médiane ms':>11} {'max ms':>8}")
    for url in PAGES:
        requetes, mediane, pire = mesurer(client, url)
        print(f"{url:60} {requetes:8d} {mediane:11.1f} {pire:8.1f}")
    for format_ in ("xlsx", "csv"):
        url = f"/subventions/?_export={format_}"
        debut = time.perf_counter()
        reponse = client.get(url)
        taille = len(b"".join(reponse) if reponse.streaming else reponse.content)
        duree = time.perf_counter() - debut
        # Memory in a second pass: tracemalloc slows Python down several times.
        tracemalloc.start()
        reponse = client.get(url)
        _ = b"".join(reponse) if reponse.streaming else reponse.content
        _, pic = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"export {format_}: {taille / 1024:.0f} Kio en {duree:.1f} s, "
            f"pic mémoire Python {pic / 1024 / 1024:.1f} Mio"
        )

if __name__ == "__main__":
    main()
