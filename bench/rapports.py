"""Benchmark: the managers' reports on whatever database is given, read only.

    DATABASE_URL=postgres://binam:binam@127.0.0.1:5432/binam_bench \
        .venv/bin/python bench/rapports.py

Times the dashboard (the view rendered, no session written), the Sommaire workbook (built and
saved) and the annual report PDF of the programme and exercice with the most grants, then their
peak Python memory (tracemalloc, a second run: tracing slows the first). Everything runs inside
one transaction that PostgreSQL is told is read only, then rolled back: the bench never writes.
BENCH_REPETITIONS (3 by default) runs per measure; the median is shown, wall and CPU.
BENCH_SEULEMENT=PDF runs only the measures whose name contains it.
"""

import io
import os
import statistics
import sys
import time
import tracemalloc

from amorce import amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer(base_jetable=False)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import RequestFactory  # noqa: E402

REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "3"))
SEULEMENT = os.environ.get("BENCH_SEULEMENT", "")  # e.g. "PDF": the measures whose name has it


class Annuler(Exception):
    """Raised to roll the read-only transaction back."""


def lecteur():
    from noyau.permissions import peut

    for user in get_user_model().objects.filter(is_active=True).order_by("pk").iterator():
        if peut(user, "rapports.voir_tableau_de_bord"):
            return user
    sys.exit("Aucun compte ne peut lire le tableau de bord dans cette base.")


def le_plus_gros():
    """(programme, exercice, number of grants) with the most grants touching that exercice."""
    from subventions.models import Programme, Repartition

    ligne = (
        Repartition.objects.values("subvention__programme", "exercice")
        .annotate(n=Count("subvention", distinct=True))
        .order_by("-n", "exercice")
        .first()
    )
    if ligne is None:
        sys.exit("Aucune subvention dans cette base.")
    programme = Programme.objects.get(pk=ligne["subvention__programme"])
    return programme, ligne["exercice"], ligne["n"]


def mesures(user, programme, exercice):
    from rapports import exports, selectors
    from rapports.documents.annuel import rapport_annuel
    from rapports.views import TableauDeBordView

    filtres = selectors.Filtres(programme=programme, exercice=exercice)

    def tableau_de_bord():
        requete = RequestFactory().get(
            "/rapports/", {"programme": programme.pk, "exercice": exercice}
        )
        requete.user = user
        reponse = TableauDeBordView.as_view()(requete)
        return len(reponse.render().content)

    def sommaire():
        # The workbook is written to its own temporary file (noyau.classeurs.Classeur).
        with exports.classeur_sommaire(user=user, filtres=filtres).fermer() as fichier:
            return fichier.seek(0, io.SEEK_END)

    def annuel():
        return len(rapport_annuel(user=user, programme=programme, exercice=exercice))

    return [
        ("Tableau de bord (HTML)", tableau_de_bord),
        ("Sommaire du programme (xlsx)", sommaire),
        ("Rapport annuel (PDF)", annuel),
    ]


def mesurer(fonction):
    """Median and max wall time, median CPU time of this process (steadier on a shared machine;
    the database's own work is in the wall time only), peak memory, size."""
    durees, cpu = [], []
    for _i in range(REPETITIONS):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        taille = fonction()
        durees.append(time.perf_counter() - debut)
        cpu.append(time.process_time() - debut_cpu)
    tracemalloc.start()
    fonction()
    _courant, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(durees), max(durees), statistics.median(cpu), pic, taille


def main():
    print(f"Base : {connection.vendor} {settings.DATABASES['default']['NAME']}")
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as curseur:
                    curseur.execute("SET TRANSACTION READ ONLY")
            user = lecteur()
            programme, exercice, nombre = le_plus_gros()
            print(f"Programme « {programme} », exercice {exercice} : {nombre} subventions")
            print(f"Compte : {user} ; {REPETITIONS} passages par mesure")
            print(
                f"{'':32} {'médiane':>9} {'max':>9} {'CPU':>9} {'pic mémoire':>12} {'taille':>10}"
            )
            for nom, fonction in mesures(user, programme, exercice):
                if SEULEMENT not in nom:
                    continue
                mediane, maximum, cpu, pic, taille = mesurer(fonction)
                print(
                    f"{nom:32} {mediane:8.2f}s {maximum:8.2f}s {cpu:8.2f}s {pic / 2**20:10.1f} Mo "
                    f"{taille / 1024:8.0f} Kio"
                )
            raise Annuler
    except Annuler:
        pass


if __name__ == "__main__":
    main()
