"""Benchmark: each generated workbook against the bare writer writing the very same cells.

    BENCH_SUBVENTIONS=2000 .venv/bin/python bench/exports.py     # throw-away SQLite base
    BENCH_EXPORT=subventions BENCH_REPETITIONS=5 ...              # one export, five passes
    DATABASE_URL=postgres://.../binam_bench .venv/bin/python bench/exports.py

An empty base is first loaded with `demo --subventions BENCH_SUBVENTIONS` (a base already loaded
by bench/listes.py, e.g. 20,000 grants and 60,000 instalments, is measured as it is). For each
export: the application's download (as a browser reads it), then the same cells (values and
formats read back from that download) written by bare XlsxWriter in constant_memory mode with the
same reused formats, interleaved BENCH_REPETITIONS times; prints the medians, their ratio (issue
21's target: ≤ 1.3), the number of cells, and the peak Python memory of one download; a CPU
reference loop before and after (bench/listes.repere_cpu).
"""

import datetime
import io
import os
import statistics
import tempfile
import time

from amorce import amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer()

import xlsxwriter  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from listes import NOMBRE, charger, pic_memoire, repere_cpu  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "3"))
# BENCH_EXPORT=versements measures only the exports whose label contains that word.
SEULEMENT = os.environ.get("BENCH_EXPORT", "")


def exports():
    from noyau.champs import exercice_courant
    from subventions.models import Programme

    programme = Programme.objects.annotate(n=Count("subventions")).order_by("-n", "pk").first()
    return [
        ("liste des subventions", "/subventions/?_export=xlsx"),
        ("liste des versements", "/versements/?_export=xlsx"),
        (
            "sommaire (programme le plus chargé, exercice courant)",
            f"/rapports/sommaire.xlsx?programme={programme.pk}&exercice={exercice_courant()}",
        ),
    ]


def telecharger(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return b"".join(reponse) if reponse.streaming else reponse.content


def cellules(contenu):
    """[(sheet name, [(row of (value, number format, bold))])] read back from the download."""
    wb = load_workbook(io.BytesIO(contenu), read_only=True)
    feuilles = []
    for ws in wb.worksheets:
        rangees = [
            [(c.value, c.number_format, bool(c.font and c.font.b)) for c in rangee]
            for rangee in ws.iter_rows()
        ]
        feuilles.append((ws.title, rangees))
    return feuilles


def ecrire_a_nu(feuilles):
    """The same cells, written by XlsxWriter alone with its typed methods (as the application
    does): one format per (number format, bold)."""
    with tempfile.TemporaryFile() as fichier:
        wb = xlsxwriter.Workbook(fichier, {"constant_memory": True, "strings_to_formulas": False})
        formats = {}
        for nom, rangees in feuilles:
            ws = wb.add_worksheet(nom)
            for i, rangee in enumerate(rangees):
                for j, (valeur, nombre, gras) in enumerate(rangee):
                    if valeur is None:
                        continue
                    cle = (nombre, gras)
                    if cle not in formats:
                        proprietes = {"bold": True} if gras else {}
                        if nombre != "General":
                            proprietes["num_format"] = nombre
                        formats[cle] = wb.add_format(proprietes) if proprietes else None
                    if isinstance(valeur, str):
                        ws.write_string(i, j, valeur, formats[cle])
                    elif isinstance(valeur, datetime.datetime):
                        ws.write_datetime(i, j, valeur, formats[cle])
                    else:
                        ws.write_number(i, j, valeur, formats[cle])
        wb.close()


def chrono(fonction):
    """(wall seconds, this process's CPU seconds): on a shared machine the CPU time of each
    side is the steadier comparison (the database server's time, a few percent of an export,
    is in the wall time only)."""
    debut, cpu = time.perf_counter(), time.process_time()
    fonction()
    return time.perf_counter() - debut, time.process_time() - cpu


def main():
    from subventions.models import Subvention
    from versements.models import Versement

    call_command("migrate", verbosity=0)
    if not Subvention.objects.exists():
        charger(NOMBRE)
    print(
        f"{Subvention.objects.count()} subventions, {Versement.objects.count()} versements "
        f"({connection.vendor})"
    )
    client = Client()
    client.force_login(User.objects.get(username="gestionnaire"))
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms; {REPETITIONS} passes alternées")
    print(
        f"{'export':55} {'cellules':>9} {'appli s':>8} {'à nu s':>8} {'ratio':>6} "
        f"{'CPU appli':>9} {'CPU à nu':>9} {'ratio CPU':>9} {'pic Mio':>8}"
    )
    for libelle, url in exports():
        if SEULEMENT not in libelle:
            continue
        contenu = telecharger(client, url)
        feuilles = cellules(contenu)
        nombre = sum(len(r) for _, rangees in feuilles for r in rangees)
        appli, nu = [], []
        for _ in range(REPETITIONS):
            appli.append(chrono(lambda url=url: telecharger(client, url)))
            nu.append(chrono(lambda feuilles=feuilles: ecrire_a_nu(feuilles)))
        a, n = (statistics.median(t for t, _cpu in mesures) for mesures in (appli, nu))
        ca, cn = (statistics.median(cpu for _t, cpu in mesures) for mesures in (appli, nu))
        pic = pic_memoire(client, url)
        print(
            f"{libelle:55} {nombre:9d} {a:8.2f} {n:8.2f} {a / n:6.2f} "
            f"{ca:9.2f} {cn:9.2f} {ca / cn:9.2f} {pic:8.1f}"
        )
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms")


if __name__ == "__main__":
    main()
