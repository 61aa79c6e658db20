"""Benchmark of a call's ranking page at committee scale (never part of the test suite).

    .venv/bin/python bench/classement.py                     # throw-away SQLite
    DATABASE_URL=postgres://binam:binam@127.0.0.1:5432/binam_bench_appels \
        .venv/bin/python bench/classement.py                 # an empty PostgreSQL base

Loads the small demo, then gives its closed call BENCH_DEMANDES admissible applications
(500 by default) from as many organisations, BENCH_EVALUATEURS évaluateurs (10) who each
submitted a score on every criterion of every application, and a decision on one in three.
Then, as the manager: the SQL queries of the ranking's first and last page (they must be equal
and ≤ 15), the median and 95th percentile over BENCH_REPETITIONS requests (30), the median CPU
time of the Python process, the page weight; the same for the xlsx export. Target (issue 22):
p95 ≤ 150 ms on the 2-core machine.
"""

import math
import os
import statistics
import time
from decimal import Decimal

from amorce import amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

DEMANDES = int(os.environ.get("BENCH_DEMANDES", "500"))
EVALUATEURS = int(os.environ.get("BENCH_EVALUATEURS", "10"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "30"))


def charger():
    """The demo's closed call, topped up to DEMANDES admissible applications fully scored by
    EVALUATEURS members (bulk inserts: the services would take minutes and measure nothing)."""
    from django.contrib.auth.models import Group

    from appels.models import AppelDeProjets, Demande, Evaluateur, Recommandation
    from organismes.models import Organisme
    from tests.factories import evaluations_soumises

    User = get_user_model()
    appel = AppelDeProjets.objects.filter(etat=AppelDeProjets.Etat.PUBLIE).order_by("cloture")[0]
    criteres = list(appel.criteres.all())
    membres = []
    for i in range(EVALUATEURS):
        user, _ = User.objects.get_or_create(username=f"bench-evaluateur-{i}")
        user.groups.add(Group.objects.get(name="evaluateur"))
        Evaluateur.objects.get_or_create(appel=appel, user=user)
        membres.append(user)
    deja = Demande.objects.filter(appel=appel, etat=Demande.Etat.RECEVABLE).count()
    manque = max(0, DEMANDES - deja)
    organismes = Organisme.objects.bulk_create(
        Organisme(nom_legal=f"Organisme du banc {i:04d}", neq=f"88{i:08d}") for i in range(manque)
    )
    demandes = Demande.objects.bulk_create(
        Demande(
            appel=appel,
            organisme=o,
            etat=Demande.Etat.RECEVABLE,
            titre_projet=f"Projet du banc {i:04d}",
            montant_demande=Decimal(10000 + 97 * i % 90000),
            soumise_le=timezone.now(),
        )
        for i, o in enumerate(organismes)
    )
    evaluations_soumises(
        demandes,
        membres,
        criteres,
        lambda i, j, k: (i * 7 + j * 3 + k) % (int(criteres[k].note_maximale) + 1),
    )
    Recommandation.objects.bulk_create(
        Recommandation(
            demande=d,
            decision=Recommandation.Decision.RETENUE,
            montant_recommande=d.montant_demande,
            motif="Projet solide.",
            decide_par=membres[0],
        )
        for d in demandes[::3]
    )
    return appel


def lire(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return b"".join(reponse) if reponse.streaming else reponse.content


def requetes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        lire(client, url)
    return len(ctx.captured_queries)


def mesurer(client, url, repetitions):
    """Median and p95 wall time, median CPU time of this process (the application's own work:
    on a shared machine, wall time also counts the waits for a core), weight."""
    lire(client, url)
    durees, cpu, taille = [], [], 0
    for _ in range(repetitions):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        taille = len(lire(client, url))
        durees.append((time.perf_counter() - debut) * 1000)
        cpu.append((time.process_time() - debut_cpu) * 1000)
    durees.sort()
    p95 = durees[min(len(durees) - 1, math.ceil(0.95 * len(durees)) - 1)]
    return statistics.median(durees), p95, statistics.median(cpu), taille


def main():
    debut = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as nul:
        call_command("demo", stdout=nul)
    appel = charger()
    from appels.models import Demande, Note

    n = Demande.objects.filter(appel=appel, etat=Demande.Etat.RECEVABLE).count()
    notes = Note.objects.filter(evaluation__demande__appel=appel).count()
    print(
        f"{connection.vendor}: « {appel.titre} », {n} demandes recevables, "
        f"{appel.evaluateurs.count()} évaluateurs, {notes} notes "
        f"(chargé en {time.perf_counter() - debut:.0f} s); load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="gestionnaire"))
    url = reverse("appels:classement", args=[appel.pk])
    derniere = math.ceil(n / 50)
    print(f"{'page':<44} {'req.':>5} {'médiane ms':>11} {'p95 ms':>7} {'CPU ms':>7} {'Kio':>6}")
    for adresse, repetitions in (
        (url, REPETITIONS),
        (f"{url}?page={derniere}", REPETITIONS),
        (reverse("appels:classement_export", args=[appel.pk]), max(3, REPETITIONS // 10)),
    ):
        nombre = requetes(client, adresse)
        mediane, p95, cpu, taille = mesurer(client, adresse, repetitions)
        print(
            f"{adresse:<44} {nombre:>5} {mediane:>11.0f} {p95:>7.0f} {cpu:>7.0f} "
            f"{taille / 1024:>6.1f}"
        )


if __name__ == "__main__":
    main()
