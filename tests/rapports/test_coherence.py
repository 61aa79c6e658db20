"""One figure, every output (domain.md, "Invariants": Proposed vs granted; "What managers need
out of it").

On generated data (three programmes, exercices 2025–2027, one- and multi-year grants in every
status, proposals with amounts, amendments, payments), for every programme × exercice the
dashboard, the programme page, the Sommaire workbook, the annual report PDF (its text, read back
with pypdf), the Montréal open-data CSV and the 360Giving file give the same enveloppe, engagé,
versé and solde wherever that output carries the figure, and the same as the data themselves
(computed here from the rows written, not through the selectors). No total counts a proposal as
granted: each is checked against the figure with and without the proposals, which differ.

The data are built once for the module (tests/partage.py); the tests only read them.
"""

import csv
import datetime
import io
import json
import random
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from openpyxl import load_workbook

from subventions.avenants import avenant_creer
from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    OrganismeFactory,
    ProgrammeFactory,
    UserFactory,
    VersementFactory,
    subvention_repartie,
)
from tests.partage import donnees_du_module
from versements.models import Versement

from .lecture import pdf_de, texte

S = Subvention.Statut
ZERO = Decimal("0")
EXERCICES = (2025, 2026, 2027)
# What was paid belongs to an exercice; the payments are dated inside it (and none in the
# future: the 2027 parts are not paid yet).
DATE_DE_PAIEMENT = {2025: datetime.date(2025, 6, 16), 2026: datetime.date(2026, 3, 2)}
ENVELOPPES = {
    "Montréal inclusive": {2025: "300000.00", 2026: "600000.00", 2027: "400000.00"},
    "Zones d'inclusion prioritaires": {2026: "250000.00", 2027: "150000.00"},  # none for 2025
    "Montréal interculturel": {2026: "50000.00"},  # overrun: a negative solde
}
PAYES = (S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE)


def _montant(hasard) -> Decimal:
    return Decimal(hasard.randrange(500_000, 9_000_000)) / 100


def construire():
    hasard = random.Random(19)
    gestionnaire = UserFactory(username="gestionnaire-coherence", roles=["gestionnaire"])
    organismes = [OrganismeFactory(nom_legal=f"Organisme {i}") for i in range(4)]
    attendu = {
        "engage": defaultdict(Decimal),
        "propose": defaultdict(Decimal),
        "verse": defaultdict(Decimal),
        "enveloppe": {},
    }
    programmes = []
    for nom, enveloppes in ENVELOPPES.items():
        programme = ProgrammeFactory(nom=nom, code=slugify(nom)[:30])
        programmes.append(programme)
        for exercice, montant in enveloppes.items():
            EnveloppeFactory(programme=programme, exercice=exercice, montant=Decimal(montant))
            attendu["enveloppe"][(programme.pk, exercice)] = Decimal(montant)
        for statut in S.values:
            # One one-year grant and one spanning two or three exercices, in every status.
            for annees in ([hasard.choice(EXERCICES)], EXERCICES[hasard.randrange(2) :]):
                repartition = {e: _montant(hasard) for e in annees}
                decidee = statut in Subvention.STATUTS_ENGAGES or statut == S.ANNULEE
                s = subvention_repartie(
                    repartition,
                    programme=programme,
                    organisme=hasard.choice(organismes),
                    statut=statut,
                    # Room for the amendments' increase (never above what was asked).
                    montant_demande=sum(repartition.values(), ZERO) + 20_000,
                    date_debut=datetime.date(annees[0], 1, 1),
                    date_fin=datetime.date(annees[-1], 12, 31),
                    numero_resolution="CE25 0101" if decidee else "",
                    date_decision=datetime.date(2025, 1, 15) if decidee else None,
                )
                if statut in PAYES:
                    for exercice, part in repartition.items():
                        if exercice not in DATE_DE_PAIEMENT:
                            continue
                        paye = part if statut == S.FERMEE else (part * 3 / 5).quantize(Decimal("1"))
                        VersementFactory(
                            subvention=s,
                            montant=paye,
                            date_prevue=DATE_DE_PAIEMENT[exercice],
                            statut=Versement.Statut.PAYE,
                            date_paiement=DATE_DE_PAIEMENT[exercice],
                            reference_paiement=f"P-{s.pk}-{exercice}",
                        )
                        if paye < part:
                            VersementFactory(
                                subvention=s,
                                montant=part - paye,
                                date_prevue=datetime.date(exercice, 12, 1),
                            )
    # Amendments: a signed and an under-way grant of the first programme change amount and
    # répartition (the 2026 part up, a 2027 part added), through the managers' service.
    amendees = Subvention.objects.filter(
        programme=programmes[0],
        statut__in=(S.CONVENTION_SIGNEE, S.EN_COURS),
        date_fin=datetime.date(2027, 12, 31),  # the multi-year ones: 2027 within the project
    ).order_by("pk")[:2]
    for s in amendees:
        voulue = {r.exercice: r.montant for r in s.repartitions.all()}
        voulue[2026] = voulue.get(2026, ZERO) + Decimal("5000.00")
        voulue[2027] = voulue.get(2027, ZERO) + Decimal("1234.56")
        avenant_creer(
            subvention=s,
            par=gestionnaire,
            version=s.version,
            montant=sum(voulue.values(), ZERO),
            repartitions=[{"exercice": e, "montant": m} for e, m in voulue.items()],
            numero_resolution="CE26 0202",
            date_decision=datetime.date(2026, 6, 1),
            motif="Hausse de la clientèle",
            derogation_raison="Besoin confirmé par la direction",
        )
    # The expected figures, from the rows as they are now (amendments applied).
    for s in Subvention.objects.prefetch_related("repartitions", "versements"):
        for r in s.repartitions.all():
            cle = (s.programme_id, r.exercice)
            if s.statut in Subvention.STATUTS_ENGAGES:
                attendu["engage"][cle] += r.montant
            elif s.statut in Subvention.STATUTS_PROPOSES:
                attendu["propose"][cle] += r.montant
        for v in s.versements.all():
            if v.statut == Versement.Statut.PAYE:
                attendu["verse"][(s.programme_id, v.date_paiement.year)] += v.montant
    return {"gestionnaire": gestionnaire, "programmes": programmes, "attendu": attendu}


@pytest.fixture(scope="module")
def donnees_module(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, construire) as donnees:
        yield donnees


@pytest.fixture
def donnees(db, donnees_module):
    return donnees_module


def cases(donnees):
    """Every programme × exercice with an envelope, committed money or a payment (where the
    outputs have a line), with the four figures expected there."""
    attendu = donnees["attendu"]
    for programme in donnees["programmes"]:
        for exercice in EXERCICES:
            cle = (programme.pk, exercice)
            enveloppe = attendu["enveloppe"].get(cle)
            engage, verse = attendu["engage"].get(cle), attendu["verse"].get(cle)
            if enveloppe is None and engage is None and verse is None:
                continue
            figures = {
                "enveloppe": enveloppe or ZERO,
                "engage": engage or ZERO,
                "verse": verse or ZERO,
            }
            figures["solde"] = figures["enveloppe"] - figures["engage"]
            yield programme, exercice, figures, attendu["propose"].get(cle, ZERO)


MONTANT = re.compile(r"[−-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d{2}\s*\$")


def montants(texte_brut) -> list[Decimal]:
    """The amounts written `1 234,56 $` (`−1 234,56 $` below zero) in a text, in order."""
    return [
        Decimal(re.sub(r"[\s\u00a0\u202f$]", "", m).replace(",", ".").replace("−", "-"))
        for m in MONTANT.findall(texte_brut)
    ]


def test_les_donnees_couvrent_ce_qu_il_faut(donnees):
    """The data have what the comparison needs: proposals with amounts where there is committed
    money, a negative solde, a line without envelope, amendments, payments in two exercices."""
    attendu = donnees["attendu"]
    assert all(m > 0 for m in attendu["propose"].values()) and len(attendu["propose"]) >= 6
    lignes = list(cases(donnees))
    assert len(lignes) >= 7
    assert any(f["solde"] < 0 for _p, _e, f, _pr in lignes)
    assert any(pr > 0 and f["engage"] > 0 for _p, _e, f, pr in lignes)
    assert {e for (_p, e) in attendu["verse"]} == {2025, 2026}
    assert Subvention.objects.filter(avenants__isnull=False).distinct().count() == 2
    statuts = set(Subvention.objects.values_list("statut", flat=True))
    assert statuts == set(S.values)


def test_tableau_de_bord(donnees, client_de):
    client = client_de(donnees["gestionnaire"])
    for programme, exercice, attendu, propose in cases(donnees):
        reponse = client.get(
            reverse("rapports:tableau_de_bord"),
            {"programme": programme.pk, "exercice": exercice},
        )
        figures = reponse.context["figures"]
        (ligne,) = figures["situation"]["lignes"]
        lu = {k: ligne[k] for k in attendu}
        assert lu == attendu, (programme, exercice)
        assert ligne["propose"] == propose
        # The headline figures say the same: the exercice's granted part is its engagé.
        bref = figures["en_bref"]
        assert bref["accorde_exercice"] == attendu["engage"]
        assert bref["verse"] == attendu["verse"]
        # By status, each amount in the column of its name, adding up to the headline totals.
        par_statut = figures["par_statut"]
        accorde = sum((s["accorde"] or ZERO for s in par_statut), ZERO)
        propose_total = sum((s["propose"] or ZERO for s in par_statut), ZERO)
        assert (accorde, propose_total) == (bref["accorde"], bref["propose"])
        engagees = Subvention.objects.filter(
            programme=programme,
            statut__in=Subvention.STATUTS_ENGAGES,
            repartitions__exercice=exercice,
        ).distinct()
        assert bref["accorde"] == sum((s.montant_accorde for s in engagees), ZERO)


def test_page_du_programme(donnees, client_de):
    client = client_de(donnees["gestionnaire"])
    par_programme = defaultdict(list)
    for programme, exercice, attendu, propose in cases(donnees):
        par_programme[programme].append((exercice, attendu, propose))
    for programme, lignes in par_programme.items():
        page = client.get(reverse("subventions:programme_detail", args=[programme.pk]))
        contenu = page.content.decode()
        for exercice, attendu, propose in lignes:
            rangee = contenu[contenu.index(f'<th scope="row">{exercice}') :].split("</tr>")[0]
            enveloppe, engage, verse, solde, propose_lu = montants(re.sub(r"<[^>]+>", " ", rangee))
            lu = {"enveloppe": enveloppe, "engage": engage, "verse": verse, "solde": solde}
            assert lu == attendu, (programme, exercice)
            assert propose_lu == propose


def test_liste_des_subventions(donnees, client_de):
    """The grants list filtered by programme and exercice shows the dashboard's versé of that
    exercice under a name that says so, not every payment ever made on those grants (which,
    for grants spanning two paid exercices, is more)."""
    client = client_de(donnees["gestionnaire"])
    plus_que_l_exercice = 0
    for programme, exercice, attendu, _propose in cases(donnees):
        filtres = {"programme": programme.pk, "exercice": exercice}
        page = client.get(reverse("subventions:liste"), filtres).content.decode()
        page = re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'")
        libelle = f"Versé dans l'exercice {exercice}\u00a0:"
        assert libelle in page, (programme, exercice)
        (verse, *_reste) = montants(page[page.index(libelle) :])
        tableau = client.get(reverse("rapports:tableau_de_bord"), filtres)
        assert verse == tableau.context["figures"]["en_bref"]["verse"] == attendu["verse"]
        tous = Versement.objects.filter(
            statut=Versement.Statut.PAYE,
            subvention__programme=programme,
            subvention__repartitions__exercice=exercice,
        )
        plus_que_l_exercice += sum((v.montant for v in tous), ZERO) > verse
    # Grants paid in two exercices are listed: the all-years figure differs there.
    assert plus_que_l_exercice


def test_classeur_sommaire(donnees, client_de):
    client = client_de(donnees["gestionnaire"])
    for programme, exercice, attendu, propose in cases(donnees):
        reponse = client.get(
            reverse("rapports:sommaire"), {"programme": programme.pk, "exercice": exercice}
        )
        wb = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
        rangees = list(wb["Synthèse"].iter_rows(min_row=3, values_only=True))
        (ligne, _total) = rangees
        enveloppe, engage, verse, solde, propose_lu = (Decimal(str(v)) for v in ligne[2:7])
        lu = {"enveloppe": enveloppe, "engage": engage, "verse": verse, "solde": solde}
        assert lu == attendu, (programme, exercice)
        assert propose_lu == propose
        # The Subventions sheet: proposals never in the granted columns, and the granted part
        # of the exercice adds up to its engagé (the proposals' to the proposé).
        ws = wb["Subventions"]
        entetes = [c.value for c in ws[2]]
        statut, accorde = entetes.index("Statut"), entetes.index("Montant accordé")
        part_proposee = entetes.index(f"Part proposée de l'exercice {exercice}")
        part_accordee = entetes.index(f"Part accordée de l'exercice {exercice}")
        *lignes, total = list(ws.iter_rows(min_row=3, values_only=True))
        # Every amount column has its total, 0 where no row has an amount (as on screen).
        montants = [j for j, e in enumerate(entetes) if e.startswith(("Montant", "Part"))]
        assert len(montants) == 5 and None not in [total[j] for j in montants]
        assert Decimal(str(total[part_accordee])) == attendu["engage"]
        assert Decimal(str(total[part_proposee])) == propose
        for rangee in lignes:
            if rangee[statut] in ("En analyse", "Recommandée"):
                assert rangee[accorde] is None and rangee[part_accordee] is None


def test_la_part_proposee_porte_son_nom(donnees, client_de):
    """« En bref » totals the proposals whole (« Montant proposé »); the table by programme and
    exercice gives their share of the year, which is another figure: its column says « Part
    proposée », like « Part accordée », on the screen, the programme page, the Synthèse sheet
    and the PDF, never the bare « Proposé » that reads as En bref's figure."""
    client = client_de(donnees["gestionnaire"])
    differents = 0
    for programme, exercice, _attendu, propose in cases(donnees):
        filtres = {"programme": programme.pk, "exercice": exercice}
        reponse = client.get(reverse("rapports:tableau_de_bord"), filtres)
        differents += reponse.context["figures"]["en_bref"]["propose"] != propose
        pages = [
            reponse.content.decode(),
            client.get(reverse("subventions:programme_detail", args=[programme.pk])),
        ]
        pages[1] = pages[1].content.decode()
        pdf = client.get(reverse("rapports:rapport_annuel", args=[programme.pk]), filtres)
        pages.append(re.sub(r"\s+", " ", texte(pdf_de(pdf))))
        for page in pages:
            # Any space as one (the screens' non-breaking ones, the PDF text's plain ones):
            # tests/noyau/test_typographie.py checks which space precedes a colon.
            page = re.sub(r"\s+", " ", page.replace("&#x27;", "'"))
            assert "Part proposée (décision à venir)" in page, (programme, exercice)
            assert "Part proposée : part de l'exercice" in page
            assert "Proposé (décision à venir)" not in page
            assert "Proposé : part" not in page
        reponse = client.get(reverse("rapports:sommaire"), filtres)
        wb = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
        assert wb["Synthèse"]["G2"].value == "Part proposée (décision à venir)"
    # Multi-year proposals: the two figures differ, hence the two names.
    assert differents


def test_rapport_annuel_pdf(donnees, client_de):
    client = client_de(donnees["gestionnaire"])
    for programme, exercice, attendu, propose in cases(donnees):
        reponse = client.get(
            reverse("rapports:rapport_annuel", args=[programme.pk]), {"exercice": exercice}
        )
        contenu = texte(pdf_de(reponse))
        # The first table after "Sommaire": enveloppe, engagé, versé, solde, proposé.
        sommaire = contenu[contenu.index("Sommaire") : contenu.index("Engagé : part")]
        enveloppe, engage, verse, solde, propose_lu = montants(sommaire)
        lu = {"enveloppe": enveloppe, "engage": engage, "verse": verse, "solde": solde}
        assert lu == attendu, (programme, exercice)
        assert propose_lu == propose


def _fichier(client, programme, exercice, fichier):
    reponse = client.get(
        reverse(
            "echanges:donnees_ouvertes_fichier",
            kwargs={"programme": programme.code, "exercice": exercice, "fichier": fichier},
        )
    )
    assert reponse.status_code == 200
    return b"".join(reponse.streaming_content).decode("utf-8-sig")


def test_donnees_ouvertes(donnees, client_de):
    """Open data publish granted money only: the Montréal file's MONTANT adds up to the
    exercice's engagé; 360Giving has no per-exercice figure (Amount Awarded is the whole grant,
    Amount Disbursed what was paid to date): its grants are the same ones, no proposal among
    them, and their amounts those granted."""
    client = client_de(donnees["gestionnaire"])
    for programme, exercice, attendu, _propose in cases(donnees):
        engagees = Subvention.objects.filter(
            programme=programme,
            statut__in=Subvention.STATUTS_ENGAGES,
            repartitions__exercice=exercice,
        ).distinct()
        numeros = set(engagees.values_list("numero", flat=True))
        rangees = list(
            csv.DictReader(io.StringIO(_fichier(client, programme, exercice, "montreal.csv")))
        )
        assert {r["NO DE DOSSIER"] for r in rangees} == numeros
        assert sum((Decimal(r["MONTANT"]) for r in rangees), ZERO) == attendu["engage"]
        paquet = json.loads(_fichier(client, programme, exercice, "360giving.json"))
        prefixe = settings.DONNEES_OUVERTES_PREFIXE_SUBVENTION
        assert {g["id"] for g in paquet["grants"]} == {f"{prefixe}{n}" for n in numeros}
        assert sum((Decimal(str(g["amountAwarded"])) for g in paquet["grants"]), ZERO) == sum(
            (s.montant_accorde for s in engagees), ZERO
        )
        plat = list(
            csv.DictReader(io.StringIO(_fichier(client, programme, exercice, "360giving.csv")))
        )
        assert {r["Identifier"] for r in plat} == {f"{prefixe}{n}" for n in numeros}
        # No proposal in any file (the sets above are the granted grants exactly; said again
        # in the words of the rule).
        propositions = set(
            Subvention.objects.filter(
                programme=programme, statut__in=Subvention.STATUTS_PROPOSES
            ).values_list("numero", flat=True)
        )
        assert propositions and not propositions & {r["NO DE DOSSIER"] for r in rangees}
        # The page names the same total.
        page = client.get(
            reverse("echanges:donnees_ouvertes"),
            {"programme": programme.code, "exercice": exercice},
        )
        assert page.context["total"] == attendu["engage"]


def test_aucun_total_ne_compte_une_proposition(donnees, client_de):
    """Where a proposal has a part, every output's engagé differs from engagé + proposé: the
    comparisons above could not pass if a proposal were counted as granted."""
    lignes = [(p, e, f, pr) for p, e, f, pr in cases(donnees) if pr > 0]
    assert lignes
    client = client_de(donnees["gestionnaire"])
    for programme, exercice, attendu, propose in lignes:
        reponse = client.get(
            reverse("rapports:tableau_de_bord"),
            {"programme": programme.pk, "exercice": exercice},
        )
        (ligne,) = reponse.context["figures"]["situation"]["lignes"]
        assert ligne["engage"] == attendu["engage"] != attendu["engage"] + propose
        assert ligne["solde"] == attendu["solde"] != attendu["solde"] - propose
