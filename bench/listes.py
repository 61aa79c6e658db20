"""Benchmark: list and detail pages and exports at scale (never part of the test suite's pass/fail).

    make bench                      # 10 000 grants, 400 organisations, throw-away SQLite database
    BENCH_SUBVENTIONS=20000 BENCH_ORGANISMES=2000 make bench
    DATABASE_URL=postgres://... make bench

Loads `demo` with 100 grants first and counts each page's SQL queries, then loads up to
BENCH_SUBVENTIONS and measures again: per page, the queries at 100 and at N grants (they must be
equal), the median and 95th percentile time over BENCH_REPETITIONS requests, and the page
weight; then the peak Python memory of the exports (tracemalloc), which must stay flat.
"""

import math
import os
import statistics
import sys
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

NOMBRE = int(os.environ.get("BENCH_SUBVENTIONS", "10000"))
ORGANISMES = int(os.environ.get("BENCH_ORGANISMES", "400"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "20"))
# Instalments topped up to this many after the demo load (0: the demo's own schedules only).
VERSEMENTS = int(os.environ.get("BENCH_VERSEMENTS", "0"))
PETIT = 100  # the query counts at N grants must equal those at this many


def pages():
    """(label, user, url) of every measured page; ids taken from the loaded data."""
    from catalogue.models import ServiceIntegration
    from noyau.champs import exercice_courant
    from organismes.models import Organisme
    from subventions.models import Programme

    organisme = Organisme.objects.annotate(n=Count("subventions")).order_by("-n", "pk").first()
    service = (
        ServiceIntegration.objects.annotate(n=Count("financements")).order_by("-n", "pk").first()
    )
    programme = Programme.objects.annotate(n=Count("subventions")).order_by("-n", "pk").first()
    return [
        ("subventions", "gestionnaire", "/subventions/"),
        (
            "subventions, filtre organisme",
            "gestionnaire",
            f"/subventions/?organisme={organisme.pk}",
        ),
        (
            "subventions, organisme saisi (NEQ)",
            "gestionnaire",
            f"/subventions/?organisme={organisme.neq}",
        ),
        (
            "subventions, filtres et tri",
            "gestionnaire",
            "/subventions/?statut=en_cours&sort=-montant_accorde",
        ),
        ("subventions, recherche page 3", "gestionnaire", "/subventions/?q=accueil&page=3"),
        ("organismes", "gestionnaire", "/organismes/"),
        ("services", "gestionnaire", "/subventions/services/"),
        ("fiche service", "gestionnaire", f"/subventions/services/{service.pk}/"),
        ("fiche organisme", "gestionnaire", f"/organismes/{organisme.pk}/"),
        ("fiche programme", "gestionnaire", f"/subventions/programmes/{programme.pk}/"),
        ("portail (partenaire)", "partenaire", "/portail/"),
        ("file de travail", "agent", "/travail/"),
        ("file de travail (gestionnaire)", "gestionnaire", "/travail/"),
        ("mes dossiers (agent)", "agent", "/travail/mes-dossiers/"),
        ("à approuver", "gestionnaire", "/travail/a-approuver/"),
        ("versements à payer (agent)", "agent", "/travail/versements-a-payer/"),
        ("rapports à examiner", "gestionnaire", "/travail/rapports-a-examiner/"),
        ("programmes", "gestionnaire", "/subventions/programmes/"),
        ("lots de paiement", "gestionnaire", "/versements/lot/"),
        ("importations", "gestionnaire", "/echanges/importations/"),
        ("versements", "gestionnaire", "/versements/"),
        ("versements payés, tri", "gestionnaire", "/versements/?statut=paye&sort=-montant"),
        ("versements à autoriser", "gestionnaire", "/travail/versements-a-autoriser/"),
        ("obligations", "gestionnaire", "/reddition/obligations/"),
        ("obligations en retard", "gestionnaire", "/reddition/obligations/?etat=en_retard"),
        ("autocomplétion organismes", "gestionnaire", "/organismes/autocompletion/?q=accueil"),
        # Dashboard: target p95 ≤ 300 ms at 20,000 grants.
        ("tableau de bord", "gestionnaire", "/rapports/"),
        (
            "tableau de bord, programme et exercice",
            "gestionnaire",
            f"/rapports/?programme={programme.pk}&exercice={exercice_courant()}",
        ),
    ]


def classeurs():
    """The workbooks measured for time (target ≤ 10 s) and peak memory (flat from 100 to N)."""
    from noyau.champs import exercice_courant
    from subventions.models import Programme

    programme = Programme.objects.annotate(n=Count("subventions")).order_by("-n", "pk").first()
    return [
        ("export xlsx des subventions", "/subventions/?_export=xlsx"),
        ("export csv des subventions", "/subventions/?_export=csv"),
        (
            "sommaire du programme (un exercice)",
            f"/rapports/sommaire.xlsx?programme={programme.pk}&exercice={exercice_courant()}",
        ),
        ("sommaire (tout)", "/rapports/sommaire.xlsx"),
    ]


def pic_memoire(client, url):
    """Peak Python memory of one download (tracemalloc slows Python down: a pass of its own).
    The body is read as a browser saves it, chunk after chunk, and not kept: held whole by the
    client, a 6 MB CSV weighed 22 MB here, none of it the server's."""
    tracemalloc.start()
    reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    for _morceau in reponse if reponse.streaming else [reponse.content]:
        pass
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return pic / 1024 / 1024


def repere_cpu():
    """Milliseconds of a fixed pure-Python loop, printed before and after the measurements: on a
    shared virtual machine the same loop takes from 350 to 680 ms from one hour to the next,
    and every page's time moves with it."""
    debut = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return (time.perf_counter() - debut) * 1000


def clients():
    resultat = {}
    for nom in ("gestionnaire", "partenaire", "agent"):
        client = Client()
        client.force_login(User.objects.get(username=nom))
        resultat[nom] = client
    return resultat


def lire(client, url):
    reponse = client.get(url)
    contenu = b"".join(reponse) if reponse.streaming else reponse.content
    assert reponse.status_code == 200, (url, reponse.status_code)
    return contenu


def requetes(client, url):
    lire(client, url)  # warm the session and caches
    with CaptureQueriesContext(connection) as ctx:
        lire(client, url)
    return len(ctx.captured_queries)


def mesurer(client, url):
    lire(client, url)
    durees, taille = [], 0
    for _ in range(REPETITIONS):
        debut = time.perf_counter()
        taille = len(lire(client, url))
        durees.append((time.perf_counter() - debut) * 1000)
    durees.sort()
    p95 = durees[min(len(durees) - 1, math.ceil(0.95 * len(durees)) - 1)]
    return statistics.median(durees), p95, taille


def charger(nombre):
    debut = time.perf_counter()
    with open(os.devnull, "w") as nul:
        call_command("demo", subventions=nombre, organismes=ORGANISMES, seed=1, stdout=nul)
    return time.perf_counter() - debut


def completer_versements(total):
    """Tops the instalments up to `total` rows, spread over the signed grants (planned ones, and
    one in four paid): the lists must stay fast whatever the number of instalments."""
    import datetime
    from decimal import Decimal

    from django.db.models import Max

    from versements.models import Versement

    deja = Versement.objects.count()  # references stay unique when topped up again
    manque = total - deja
    signees = list(
        Versement.objects.values("subvention").annotate(rang=Max("rang")).order_by("subvention")
    )
    if manque <= 0 or not signees:
        return Versement.objects.count()
    rangs = {ligne["subvention"]: ligne["rang"] for ligne in signees}
    lignes, jour = [], datetime.date(2020, 1, 1)
    for i in range(manque):
        sid = signees[i % len(signees)]["subvention"]
        rangs[sid] += 1
        paye = i % 4 == 0
        prevue = jour + datetime.timedelta(days=i % 2500)
        lignes.append(
            Versement(
                subvention_id=sid,
                rang=rangs[sid],
                montant=Decimal("100.00") + i % 500,
                # Rows for the lists' speed, not a schedule: their exercice is their date's
                # year (the CHECK versement_date_dans_exercice), whatever the grant's.
                exercice=prevue.year,
                date_prevue=prevue,
                condition=Versement.Condition.SIGNATURE,
                condition_remplie=True,
                statut=Versement.Statut.PAYE if paye else Versement.Statut.PREVU,
                date_paiement=jour + datetime.timedelta(days=i % 2500) if paye else None,
                reference_paiement=f"BENCH-{deja + i:07d}" if paye else "",
            )
        )
    Versement.objects.bulk_create(lignes, batch_size=2000)
    return Versement.objects.count()


def main():
    from subventions.models import Subvention

    call_command("migrate", verbosity=0)
    if Subvention.objects.exists():
        sys.exit("La base doit être vide: le banc compare les requêtes à 100 et à N subventions.")
    charger(PETIT)
    utilisateurs = clients()
    # The same pages (same ids) at 100 and at N grants; the busiest objects at 100 stay busy.
    mesurees = pages()
    petit = {url: requetes(utilisateurs[qui], url) for _, qui, url in mesurees}
    fichiers = classeurs()
    memoire_petit = {url: pic_memoire(utilisateurs["gestionnaire"], url) for _, url in fichiers}
    duree = charger(NOMBRE)
    versements = completer_versements(VERSEMENTS)
    if connection.vendor == "postgresql":
        # What autovacuum does within minutes of a bulk load: statistics for the planner, and
        # the visibility map without which an index-only scan still reads every table row.
        with connection.cursor() as curseur:
            curseur.execute("VACUUM ANALYZE")
    print(
        f"Données: {NOMBRE} subventions, {ORGANISMES} organismes chargés en {duree:.1f} s "
        f"({connection.vendor}); {versements} versements; {REPETITIONS} requêtes par page"
    )
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms")
    entete = (
        f"{'page':38} {'req. @100':>9} {'req. @N':>8} {'médiane ms':>10} {'p95 ms':>8} {'Kio':>6}"
    )
    print(entete)
    for libelle, qui, url in mesurees:
        client = utilisateurs[qui]
        n = requetes(client, url)
        mediane, p95, taille = mesurer(client, url)
        print(
            f"{libelle:38} {petit[url]:9d} {n:8d} {mediane:10.1f} {p95:8.1f} {taille / 1024:6.1f}"
        )
    print(f"Repère CPU (boucle fixe): {repere_cpu():.0f} ms")
    client = utilisateurs["gestionnaire"]
    print(f"{'fichier':38} {'Kio':>8} {'durée s':>8} {'Mio @100':>9} {'Mio @N':>8}")
    for libelle, url in fichiers:
        debut = time.perf_counter()
        taille = len(lire(client, url))
        duree = time.perf_counter() - debut
        pic = pic_memoire(client, url)
        print(
            f"{libelle:38} {taille / 1024:8.0f} {duree:8.1f} {memoire_petit[url]:9.1f} {pic:8.1f}"
        )


if __name__ == "__main__":
    main()
