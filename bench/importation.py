"""Time to import a 20,000-row legacy workbook: dry run, real import, then the same file again
(nothing new). Never part of the test suite. On a throwaway SQLite base by default, or on an
EMPTY database given by DATABASE_URL:

    .venv/bin/python bench/importation.py
    DATABASE_URL=postgres://binam:binam@127.0.0.1:5432/binam_imp_bench .venv/bin/python \
        bench/importation.py
    BENCH_LIGNES=5000 .venv/bin/python bench/importation.py

With `--hostiles`, no database: builds the three hostile workbooks of issue 20 (one row of
`<c><v>1</v></c>` to 190 MB, shared strings of 190 MB, a million rows without `<dimension>`)
and reads each in a fresh process, printing the time to the refusal, the growth of the peak
resident memory (ru_maxrss) and, in a second process, Python's own peak (tracemalloc, which
slows the reading, hence apart):

    .venv/bin/python bench/importation.py --hostiles
"""

import datetime
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ICI = Path(__file__).resolve().parent

from amorce import RACINE, amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer(base_jetable="--mesurer" not in sys.argv)

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from echanges.importation import bornes  # noqa: E402
from echanges.importation.lecture import (  # noqa: E402
    CELLULES_MAX,
    LIGNES_MAX,
    RANGEES_MAX,
    FichierRefuse,
    lire,
)
from echanges.importation.services import importation_executer  # noqa: E402
from organismes.models import Organisme  # noqa: E402
from referentiel.models import Territoire  # noqa: E402
from subventions.models import Enveloppe, Programme, Subvention  # noqa: E402

LIGNES = int(os.environ.get("BENCH_LIGNES", 20_000))
ORGANISMES = int(os.environ.get("BENCH_ORGANISMES", 2_000))
ENTETES = [
    "No de dossier", " ORGANISME ", "neq", "Arrondissement", "programme", "Titre du projet",
    "Montant demande", "montant ACCORDÉ", "Date de début", "Date de fin", "Année", "Résolution",
    "Date de décision", "Statut",
]  # fmt: skip
STATUTS = ["En analyse", "approuvé", "Convention signée", "En cours", "Terminée", "Refusée"]


def preparer():
    call_command("migrate", verbosity=0)
    agent = User.objects.create(username="bench-agent")
    agent.groups.add(Group.objects.get_or_create(name="agent")[0])
    programmes = [
        Programme.objects.create(code=f"p{i}", nom=f"Programme {i}", source_financement="ville")
        for i in range(3)
    ]
    Enveloppe.objects.bulk_create(
        Enveloppe(programme=p, exercice=a, montant=Decimal("900000000"))
        for p in programmes
        for a in range(2020, 2028)
    )
    # Half the organisations already exist: matched by NEQ, or by name when the NEQ is missing.
    Organisme.objects.bulk_create(
        Organisme(nom_legal=f"Organisme communautaire {i}", neq=f"{1100000000 + i}")
        for i in range(ORGANISMES // 2)
    )
    return agent, programmes


def classeur(programmes):
    hasard = random.Random(2026)
    territoires = [t.nom.replace("–", "-") for t in Territoire.objects.all()]
    # Not write-only: Excel stores text as shared strings, as a normal openpyxl workbook does.
    wb = Workbook()
    ws = wb.active
    ws.append(ENTETES)
    for i in range(LIGNES):
        org = hasard.randrange(ORGANISMES)
        neq = f"{1100000000 + org}"
        statut = hasard.choice(STATUTS)
        annee = hasard.randrange(2021, 2027)
        accorde = hasard.randrange(5, 90) * 1000
        approuve = statut not in ("En analyse", "Refusée")
        montant = hasard.choice([f"{accorde:,}".replace(",", " ") + ",00 $", accorde,
                                 f"{accorde:,}.00"])  # fmt: skip
        debut = datetime.date(annee, 4, 1)
        ws.append([
            f"BINAM-{annee}-{i + 1:05d}" if i % 2 else "",
            f"  organisme COMMUNAUTAIRE {org} " if i % 3 else f"Organisme communautaire {org}",
            "" if i % 5 == 0 and org < ORGANISMES // 2 else f"{neq[:4]} {neq[4:7]} {neq[7:]}",
            hasard.choice(territoires),
            programmes[i % 3].nom.lower(),
            f"Projet d'accueil numéro {i}",
            montant,
            montant if approuve else "",
            debut if i % 2 else debut.strftime("%d/%m/%Y"),
            f"{annee + 1}-03-31",
            annee,
            f"CE{annee % 100:02d} {i % 9000 + 1000:04d}" if approuve else "",
            f"{annee}-02-15" if approuve else "",
            statut,
        ])  # fmt: skip
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon


def chrono(etiquette, fonction):
    debut, cpu = time.perf_counter(), time.process_time()
    resultat = fonction()
    duree, cpu = time.perf_counter() - debut, time.process_time() - cpu
    # The CPU time of this process too: on a shared machine the wall clock counts the others.
    print(f"{etiquette:<28} {duree:6.1f} s (CPU de ce processus: {cpu:5.1f} s)")
    return resultat


def mesurer(chemin, avec_tracemalloc):
    """In its own process: the time and memory `lire` takes to answer for the file."""
    import tracemalloc

    avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if avec_tracemalloc:
        tracemalloc.start()
    debut = time.perf_counter()
    try:
        with open(chemin, "rb") as fichier:
            lire(fichier, Path(chemin).name)
        reponse = "accepté"
    except FichierRefuse as refus:
        reponse = f"refusé: {refus}"
    duree = time.perf_counter() - debut
    pic = tracemalloc.get_traced_memory()[1] / 2**20 if avec_tracemalloc else 0
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - avant) / 1024
    print(f"{duree:.3f}\t{rss:.1f}\t{pic:.1f}\t{reponse}")


def hostiles():
    sys.path.insert(0, str(RACINE))
    from tests.data import classeurs_hostiles as h

    dossier = Path(tempfile.mkdtemp())
    mo = 1024 * 1024
    fabriques = [
        ("(a) une rangée de 190 Mo", h.rangee_sans_fin, {}),
        ("(b) textes partagés de 190 Mo", h.textes_sans_fin, {}),
        ("(c) 1 000 000 de rangées", h.million_de_rangees, {}),
        # Compressed 190 times only (zlib level 1), under the size caps: stopped while streaming.
        ("(a') une rangée de 95 Mo, niveau 1", h.rangee_sans_fin, {"octets": 95 * mo, "niveau": 1}),
        ("(b') textes de 45 Mo, niveau 1", h.textes_sans_fin, {"octets": 45 * mo, "niveau": 1}),
    ]
    for i, (etiquette, fabrique, options) in enumerate(fabriques):
        debut = time.perf_counter()
        chemin = fabrique(dossier / f"{i}.xlsx", **options)
        taille = chemin.stat().st_size / 1024
        print(f"{etiquette}: {taille:,.0f} Kio, écrit en {time.perf_counter() - debut:.1f} s")
        mesures = []
        for option in ("--rss", "--tracemalloc"):
            sortie = subprocess.run(
                [sys.executable, __file__, "--mesurer", str(chemin), option],
                capture_output=True, text=True, check=True,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
            mesures.append(sortie.split("\t"))
        (duree, rss, _p, reponse), (_d, _r, pic, _rep) = mesures
        print(f"  {duree} s, mémoire résidente +{rss} Mio, pic Python {pic} Mio")
        print(f"  {reponse}")


def main():
    agent, programmes = preparer()
    fichier = chrono(f"classeur de {LIGNES} lignes", lambda: classeur(programmes))
    taille = len(fichier.getvalue()) / 1024 / 1024
    print(f"  ({taille:.1f} Mo, {connection.vendor}, DEBUG={settings.DEBUG})")
    chrono(
        "  dont bornes.examiner",
        lambda: bornes.examiner(
            fichier, lignes_max=LIGNES_MAX, rangees_max=RANGEES_MAX, cellules_max=CELLULES_MAX
        ),
    )

    def importer(essai):
        fichier.seek(0)
        return importation_executer(
            fichier=fichier, nom="bench.xlsx", par=agent, essai=essai, source="commande"
        )

    for etiquette, essai in (("essai à blanc", True), ("import", False), ("même fichier", False)):
        importation, plan = chrono(etiquette, lambda essai=essai: importer(essai))
        assert not plan.erreurs, plan.erreurs[:5]
        print(
            f"  organismes +{importation.organismes_crees} ~{importation.organismes_modifies}"
            f", subventions +{importation.subventions_creees} ~{importation.subventions_modifiees}"
            f" ={plan.inchangees}"
        )
    print(f"subventions en base: {Subvention.objects.count()}")


if __name__ == "__main__":
    if "--mesurer" in sys.argv:
        mesurer(sys.argv[sys.argv.index("--mesurer") + 1], "--tracemalloc" in sys.argv)
    elif "--hostiles" in sys.argv:
        hostiles()
    else:
        main()
