"""Benchmark of the public directory (never part of the test suite's pass/fail).

    .venv/bin/python bench/repertoire.py                 # demo data, throw-away SQLite
    BENCH_SUBVENTIONS=2000 BENCH_ORGANISMES=400 .venv/bin/python bench/repertoire.py

For each address: the SQL queries and time of the first answer (built, then cached) and of the
second (from the cache), and the weight of the answer; then the static files a page loads.
"""

import os
import time

from amorce import RACINE, amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SUBVENTIONS = os.environ.get("BENCH_SUBVENTIONS", "600")
ORGANISMES = os.environ.get("BENCH_ORGANISMES", "150")
ADRESSES = [
    "/repertoire/",
    "/repertoire/?statut=demandeur-asile",
    "/repertoire/?statut=demandeur-asile&territoire=montreal-nord",
    "/repertoire/?page=999",
    "/repertoire/services.json",
    "/repertoire/services.csv",
]
STATIQUES = ["static/css/binam.css", "static/js/formulaires.js"]


def mesurer(client, url):
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        reponse = client.get(url)
        duree = (time.perf_counter() - debut) * 1000
    assert reponse.status_code == 200, (url, reponse.status_code)
    return len(requetes), duree, len(reponse.content)


def main():
    call_command("migrate", verbosity=0)
    call_command(
        "demo",
        "--subventions",
        SUBVENTIONS,
        "--organismes",
        ORGANISMES,
        verbosity=0,
        stdout=open(os.devnull, "w"),
    )
    from echanges.repertoire.selectors import services_du_repertoire

    print(f"services au répertoire: {services_du_repertoire().count()}")
    print(f"{'adresse':<62} {'req.1':>5} {'ms.1':>7} {'req.2':>5} {'ms.2':>6} {'octets':>9}")
    client = Client()
    cache.clear()
    for url in ADRESSES:
        n1, t1, taille = mesurer(client, url)
        n2, t2, _ = mesurer(client, url)
        print(f"{url:<62} {n1:>5} {t1:>7.1f} {n2:>5} {t2:>6.1f} {taille:>9}")
    for chemin in STATIQUES:
        print(f"{chemin:<62} {(RACINE / chemin).stat().st_size:>41}")


if __name__ == "__main__":
    main()
