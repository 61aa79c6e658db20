"""?_export=xlsx|csv: exactly the filtered rows, in the screen's order, all pages, numeric money."""

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from noyau.formats import XLSX_MONEY_FORMAT
from referentiel.models import StatutImmigration
from subventions.models import Subvention
from tests.factories import (
    OrganismeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    ServiceFactory,
    SubventionFactory,
)

URL = "/subventions/"
ENTETES = [
    "Numéro",
    "Organisme",
    "Projet",
    "Programme",
    "Statut",
    "Agent responsable",
    "Montant proposé",
    "Montant accordé",
]
# The files carry more than the screen: the eight columns on screen come first, unchanged.
ENTETES_EXPORT = [
    *ENTETES,
    "Montant demandé",
    "Date de début",
    "Date de fin",
    "Numéro de résolution",
    "Date de la décision",
    "Numéro GDD",
    "Arrondissement de l'organisme",
    "Rubriques financées",
]
S = Subvention.Statut


@pytest.fixture
def grand_jeu(agent, autre_agent):
    """60 grants over two programmes (three pages of the filtered list), with cents and ties."""
    p1, p2 = ProgrammeFactory(nom="Montréal inclusive"), ProgrammeFactory(nom="Autre")
    organismes = [OrganismeFactory(nom_legal=f"Organisme {c}") for c in "DCBA"]
    statuts = [S.EN_ANALYSE, S.APPROUVEE, S.EN_COURS, S.REFUSEE]
    for i in range(60):
        s = SubventionFactory(
            numero=f"BINAM-2026-{i + 1:03d}",
            programme=p1 if i % 5 else p2,
            organisme=organismes[i % 4],
            statut=statuts[i % 4],
            agent=(agent, autre_agent, None)[i % 3],
            # Many equal amounts: the export must break ties exactly like the screen.
            montant_accorde=Decimal(f"{(i % 7) * 1000 + 1234}.{(i % 4) * 25:02d}"),
        )
        RepartitionFactory(subvention=s, exercice=2026, montant=s.montant_accorde)
    return p1


def lignes_ecran(client, params):
    """Every row of every page of the list, as the user sees them."""
    numeros, page = [], 1
    while True:
        reponse = client.get(URL, {**params, "page": page})
        table = reponse.context["table"]
        numeros += [row.record.numero for row in table.paginated_rows]
        if not table.page.has_next():
            return numeros
        page += 1


def classeur(reponse):
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in reponse["Content-Disposition"]
    return load_workbook(io.BytesIO(reponse.getvalue())).active


def lignes_csv(reponse):
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/csv")
    texte = reponse.getvalue().decode("utf-8")
    assert texte.startswith("\ufeff")
    return list(csv.reader(io.StringIO(texte[1:])))


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "montant_accorde"},
        {"sort": "-montant_accorde"},
        {"sort": "organisme"},
        {"sort": "-statut"},
        {"sort": "agent"},
        {},
    ],
)
def test_xlsx_lignes_filtrees_dans_l_ordre_de_l_ecran(client_de, agent, grand_jeu, params):
    client = client_de(agent)
    params = {
        **params,
        "programme": grand_jeu.pk,
        "statut": ["en_analyse", "approuvee", "en_cours"],
    }
    ecran = lignes_ecran(client, params)
    attendus = Subvention.objects.filter(
        programme=grand_jeu, statut__in=["en_analyse", "approuvee", "en_cours"]
    )
    assert len(ecran) == attendus.count() == 36  # two pages on screen

    feuille = classeur(client.get(URL, {**params, "_export": "xlsx"}))
    rangees = list(feuille.iter_rows())
    assert [c.value for c in rangees[0]] == [*ENTETES_EXPORT, "Part accordée 2026"]
    assert all(c.font.b for c in rangees[0])
    assert feuille.freeze_panes == "A2"
    assert rangees[-1][0].value == "Total"
    donnees = rangees[1:-1]
    assert [r[0].value for r in donnees] == ecran

    par_numero = {s.numero: s for s in attendus}
    for r in donnees:
        subvention = par_numero[r[0].value]
        propose, montant = r[6], r[7]
        if subvention.est_engagee:
            assert montant.data_type == "n"
            assert montant.number_format == XLSX_MONEY_FORMAT
            valeur = Decimal(str(montant.value)).quantize(Decimal("0.01"))
            assert valeur == subvention.montant_accorde
            assert propose.value is None  # an empty cell: an amount column holds numbers only
        else:
            assert montant.value is None  # proposed, not granted: in neither granted figure
            valeur = Decimal(str(propose.value)).quantize(Decimal("0.01"))
            assert valeur == subvention.montant_accorde  # in its own column
        assert r[4].value == subvention.get_statut_display()
        assert r[2].value == subvention.titre
    assert all(c.value is None or c.data_type == "n" for r in donnees for c in r[6:8])
    numeriques = [Decimal(str(r[7].value)) for r in donnees if r[7].value is not None]
    somme = sum(numeriques).quantize(Decimal("0.01"))
    engagees = attendus.filter(statut__in=Subvention.STATUTS_ENGAGES)
    assert somme == engagees.aggregate(t=Sum("montant_accorde"))["t"]
    assert Decimal(str(rangees[-1][7].value)).quantize(Decimal("0.01")) == somme
    # Each column's total is the figure of its name: proposals apart, never inside accordé.
    proposees = attendus.filter(statut__in=Subvention.STATUTS_PROPOSES)
    total_propose = Decimal(str(rangees[-1][6].value)).quantize(Decimal("0.01"))
    assert total_propose == proposees.aggregate(t=Sum("montant_accorde"))["t"] > 0
    # The granted part of the exercice: the engaged grants' répartition only.
    part = Decimal(str(rangees[-1][-1].value)).quantize(Decimal("0.01"))
    assert part == somme


def test_csv_lignes_filtrees_dans_l_ordre_de_l_ecran(client_de, gestionnaire, grand_jeu):
    client = client_de(gestionnaire)
    params = {"exercice": "2026", "montant_min": "3 000,00", "sort": "-montant_accorde"}
    ecran = lignes_ecran(client, params)
    attendus = Subvention.objects.filter(montant_accorde__gte=3000)
    assert 25 < len(ecran) == attendus.count()

    rangees = lignes_csv(client.get(URL, {**params, "_export": "csv"}))
    assert rangees[0] == [*ENTETES_EXPORT, "Part accordée 2026"]
    assert [r[0] for r in rangees[1:]] == ecran
    par_numero = {s.numero: s for s in attendus}
    for r in rangees[1:]:
        subvention = par_numero[r[0]]
        attendu = str(subvention.montant_accorde) if subvention.est_engagee else ""
        assert r[7] == attendu
        propose = subvention.statut in Subvention.STATUTS_PROPOSES
        assert r[6] == (str(subvention.montant_accorde) if propose else "")
        assert r[4] == subvention.get_statut_display()
    somme = sum(Decimal(r[7]) for r in rangees[1:] if r[7])
    engagees = attendus.filter(statut__in=Subvention.STATUTS_ENGAGES)
    assert somme == engagees.aggregate(t=Sum("montant_accorde"))["t"]


def test_export_avec_filtre_invalide_ne_contient_que_l_entete(client_de, agent, grand_jeu):
    client = client_de(agent)
    feuille = classeur(client.get(URL, {"exercice": "abc", "_export": "xlsx"}))
    assert [[c.value for c in r] for r in feuille.iter_rows()] == [ENTETES_EXPORT]
    assert lignes_csv(client.get(URL, {"exercice": "abc", "_export": "csv"})) == [ENTETES_EXPORT]


def test_export_sans_filtre_toutes_les_pages(client_de, agent, grand_jeu):
    rangees = lignes_csv(client_de(agent).get(URL, {"_export": "csv"}))
    assert len(rangees) == 61
    assert [r[0] for r in rangees[1:]] == sorted((r[0] for r in rangees[1:]), reverse=True)


@pytest.mark.parametrize("format_export", ["xlsx", "csv"])
def test_export_refuse_aux_partenaires(client_de, partenaire, grand_jeu, format_export):
    reponse = client_de(partenaire).get(URL, {"_export": format_export})
    assert reponse.status_code == 403
    assert not reponse.get("Content-Disposition")


def test_export_du_catalogue_des_services(client_de, agent, organisme):
    statuts = list(StatutImmigration.objects.order_by("ordre")[:2])
    ServiceFactory(nom="Bravo", organisme=organisme, statuts_vises=statuts)
    ServiceFactory(nom="Alpha", organisme=organisme, statuts_vises=statuts[:1])
    ServiceFactory(nom="Charlie", actif=False)
    client = client_de(agent)
    feuille = classeur(client.get("/subventions/services/", {"actif": "true", "_export": "xlsx"}))
    valeurs = [[c.value for c in r] for r in feuille.iter_rows()]
    assert valeurs[0] == [
        "Service",
        "Organisme",
        "Rubrique",
        "Statuts visés",
        "Territoires",
        "Actif",
    ]
    assert [v[0] for v in valeurs[1:]] == ["Alpha", "Bravo"]
    assert valeurs[2][3] == ", ".join(s.nom for s in statuts)
    assert valeurs[2][5] == "Oui"
    rangees = lignes_csv(client.get("/subventions/services/", {"sort": "-nom", "_export": "csv"}))
    assert [r[0] for r in rangees[1:]] == ["Charlie", "Bravo", "Alpha"]
