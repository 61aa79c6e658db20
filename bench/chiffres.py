"""The four figures of one programme and exercice as each output shows them, read back the way
a reader gets them (the page's HTML, the workbook's cells, the PDF's text, the open-data files):

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/chiffres.py \
        "Montréal inclusive" 2026

Prints enveloppe, engagé, versé and solde per output ("·" where the output has no such figure:
the open data publish granted money only, and 360Giving has no per-exercice figure; its line
gives Σ Amount Awarded and Σ Amount Disbursed, whole grants, to date), then montant accordé
and montant proposé where an output totals them. Runs in one transaction
rolled back at the end (the test client's sign-in writes a session): the base is left as found.
"""

import csv
import io
import json
import re
import sys
from decimal import Decimal

from amorce import amorcer  # noqa: E402 - bench/ is the script's own folder

amorcer(base_jetable=False)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from noyau.formats import format_money  # noqa: E402
from noyau.permissions import peut  # noqa: E402
from subventions.models import Programme  # noqa: E402

MONTANT = re.compile(r"[−-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d{2}\s*\$")


def montants(texte) -> list[Decimal]:
    return [
        Decimal(re.sub(r"[\s\u00a0\u202f$]", "", m).replace(",", ".").replace("−", "-"))
        for m in MONTANT.findall(texte)
    ]


def contenu(reponse) -> bytes:
    assert reponse.status_code == 200, reponse.status_code
    if reponse.streaming:
        return b"".join(reponse.streaming_content)
    return reponse.content


def lire(client, programme, exercice):
    filtres = {"programme": programme.pk, "exercice": exercice}
    figures = client.get(reverse("rapports:tableau_de_bord"), filtres).context["figures"]
    (ligne,) = figures["situation"]["lignes"]
    yield "Tableau de bord", [ligne[k] for k in ("enveloppe", "engage", "verse", "solde")]

    page = contenu(client.get(reverse("subventions:programme_detail", args=[programme.pk])))
    page = page.decode()
    rangee = page[page.index(f'<th scope="row">{exercice}') :].split("</tr>")[0]
    yield "Page du programme", montants(re.sub(r"<[^>]+>", " ", rangee))[:4]

    wb = load_workbook(io.BytesIO(contenu(client.get(reverse("rapports:sommaire"), filtres))))
    synthese = next(wb["Synthèse"].iter_rows(min_row=3, max_row=3, values_only=True))
    yield "Sommaire (Synthèse)", [Decimal(str(v)) for v in synthese[2:6]]
    ws = wb["Subventions"]
    entetes = [c.value for c in ws[2]]
    total = list(ws.iter_rows(min_row=ws.max_row, values_only=True))[0]
    part = total[entetes.index(f"Part accordée de l'exercice {exercice}")]
    yield "Sommaire (Subventions, Σ part accordée)", [None, Decimal(str(part or 0)), None, None]

    url = reverse("rapports:rapport_annuel", args=[programme.pk])
    pdf = PdfReader(io.BytesIO(contenu(client.get(url, {"exercice": exercice}))))
    texte = "\n".join(p.extract_text() for p in pdf.pages)
    yield "Rapport annuel (PDF)", montants(texte[texte.index("Sommaire") :])[:4]

    def fichier(nom):
        kwargs = {"programme": programme.code, "exercice": exercice, "fichier": nom}
        url = reverse("echanges:donnees_ouvertes_fichier", kwargs=kwargs)
        return contenu(client.get(url)).decode("utf-8-sig")

    rangees = csv.DictReader(io.StringIO(fichier("montreal.csv")))
    engage = sum((Decimal(r["MONTANT"]) for r in rangees), Decimal("0"))
    yield "Données ouvertes Montréal (Σ MONTANT)", [None, engage, None, None]
    octrois = json.loads(fichier("360giving.json"))["grants"]
    accorde = sum((Decimal(str(g["amountAwarded"])) for g in octrois), Decimal("0"))
    verse = sum((Decimal(str(g["amountDisbursed"])) for g in octrois), Decimal("0"))
    yield "360Giving (pas de chiffre par exercice)", [None, None, None, None]
    print(
        f"  {len(octrois)} subventions accordées : Σ Amount Awarded {format_money(accorde)}, "
        f"Σ Amount Disbursed (à ce jour) {format_money(verse)}"
    )
    # Granted and proposed, whole grants touching the exercice, where each output totals them.
    bref = figures["en_bref"]
    accorde_xlsx = total[entetes.index("Montant accordé")]
    propose_xlsx = total[entetes.index("Montant proposé")]
    statuts = texte[texte.index("Subventions par statut") :]
    *_, propose_pdf, accorde_pdf = montants(statuts[: statuts.index("Enveloppe, engagé")])
    print("Montant accordé / montant proposé (subventions ayant une part dans l'exercice) :")
    for libelle, accorde, propose in (
        ("Tableau de bord (En bref)", bref["accorde"], bref["propose"]),
        ("Sommaire (Subventions, totaux)", accorde_xlsx, propose_xlsx),
        ("Rapport annuel (par statut, total)", accorde_pdf, propose_pdf),
    ):
        accorde, propose = (format_money(Decimal(str(v))) for v in (accorde, propose))
        print(f"  {libelle:46}{accorde:>18}{propose:>18}")


def main(nom, exercice):
    programme = Programme.objects.get(nom=nom)
    lecteurs = get_user_model().objects.filter(is_active=True).order_by("pk")
    user = next(u for u in lecteurs if peut(u, "rapports.voir_tableau_de_bord"))
    print(f"{programme} — exercice {exercice} (lu par {user.username})")
    print(f"{'':48}{'Enveloppe':>18}{'Engagé':>18}{'Versé':>18}{'Solde':>18}")
    setup_test_environment()  # the responses then carry their template context (the dashboard's)
    with transaction.atomic():
        client = Client()
        client.force_login(user)
        for libelle, valeurs in lire(client, programme, int(exercice)):
            cellules = "".join(f"{format_money(v) if v is not None else '·':>18}" for v in valeurs)
            print(f"{libelle[:48]:48}{cellules}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
