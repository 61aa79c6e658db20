"""A call's dashboard: applications by state, amount requested against the budget and against
what the deliberation retained, what the submitted applications propose by rubrique, status and
territory; who may see it; a number of queries that does not grow with the applications."""

import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appels.models import CibleDemande, Demande, DemandeService, Evaluateur, Recommandation
from appels.selectors.tableau import tableau_de_bord
from noyau.formats import format_money
from referentiel.models import Rubrique, StatutImmigration, Territoire
from tests.factories import DemandeFactory, MembreFactory, UserFactory, appel_complet

E = Demande.Etat
_numeros = itertools.count()


@pytest.fixture
def references(db):
    n = next(_numeros)
    return {
        "rubriques": [
            Rubrique.objects.create(code=f"tb-r{n}-{i}", nom=f"Rubrique TB {n}-{i}", ordre=900 + i)
            for i in range(2)
        ],
        "statuts": [
            StatutImmigration.objects.create(
                code=f"tb-s{n}-{i}", nom=f"Statut TB {n}-{i}", ordre=900 + i
            )
            for i in range(2)
        ],
        "territoires": [
            Territoire.objects.create(
                code=f"tb-t{n}-{i}", nom=f"Territoire TB {n}-{i}", type="arrondissement"
            )
            for i in range(2)
        ],
    }


def _service(demande, rubrique, territoires, cibles):
    service = DemandeService.objects.create(demande=demande, rubrique=rubrique)
    service.territoires.set(territoires)
    for statut, n in cibles:
        CibleDemande.objects.create(service=service, statut=statut, participants_cibles=n)
    return service


@pytest.fixture
def appel(db, agent, references):
    """Budget 100 000 $: a draft (15 000), a submitted one (40 000), an admissible one
    (30 000), a retained one (50 000, recommended 45 000), an inadmissible one (10 000), a
    withdrawn one (20 000); another call's applications beside."""
    appel = appel_complet(budget=Decimal("100000"))
    r1, r2 = references["rubriques"]
    s1, s2 = references["statuts"]
    t1, t2 = references["territoires"]
    appel.territoires_prioritaires.add(t2)
    etats = (
        (E.BROUILLON, "15000"),
        (E.SOUMISE, "40000"),
        (E.RECEVABLE, "30000"),
        (E.RETENUE, "50000"),
        (E.NON_RECEVABLE, "10000"),
        (E.RETIREE, "20000"),
    )
    demandes = {
        etat: DemandeFactory(appel=appel, etat=etat, montant_demande=Decimal(m))
        for etat, m in etats
    }
    _service(demandes[E.BROUILLON], r1, [t1], [(s1, 99)])  # a draft: not counted
    _service(demandes[E.SOUMISE], r1, [t1, t2], [(s1, 10), (s2, 5)])
    _service(demandes[E.SOUMISE], r1, [t1], [(s1, 7)])  # the same rubrique twice
    _service(demandes[E.RECEVABLE], r2, [t2], [(s2, 20)])
    _service(demandes[E.RETENUE], r1, [], [(s1, 3)])
    Recommandation.objects.create(
        demande=demandes[E.RETENUE],
        decision="retenue",
        montant_recommande=Decimal("45000"),
        decide_par=agent,
    )
    ailleurs = DemandeFactory(etat=E.SOUMISE, montant_demande=Decimal("99000"))
    _service(ailleurs, r1, [t1], [(s1, 1000)])
    return appel


def test_chiffres_du_tableau(appel, references):
    t = tableau_de_bord(appel=appel)
    par_etat = {e["etat"]: (e["nombre"], e["montant"]) for e in t["par_etat"]}
    assert par_etat[E.SOUMISE] == (1, Decimal("40000"))
    assert par_etat[E.BROUILLON] == (1, Decimal("15000"))
    assert par_etat[E.LISTE_ATTENTE] == (0, Decimal("0"))
    # Submitted and beyond: 40 000 + 30 000 + 50 000 + 10 000 (not the draft, not withdrawn).
    assert t["demande"] == Decimal("130000")
    assert (t["nb_deposees"], t["nb_demandes"]) == (4, 6)
    assert t["part_demandee"] == Decimal("130.0")
    assert (t["retenu"], t["nb_retenues"], t["solde"]) == (
        Decimal("45000"),
        1,
        Decimal("55000"),
    )
    r1, r2 = references["rubriques"]
    assert [
        (r["nom"], r["demandes"], r["services"], r["participants"], r["montant"])
        for r in t["par_rubrique"]
    ] == [
        (r1.nom, 2, 3, 25, Decimal("90000")),
        (r2.nom, 1, 1, 20, Decimal("30000")),
    ]
    s1, s2 = references["statuts"]
    assert [(s["nom"], s["demandes"], s["participants"]) for s in t["par_statut"]] == [
        (s1.nom, 2, 20),
        (s2.nom, 2, 25),
    ]
    t1, t2 = references["territoires"]
    assert [
        (x["nom"], x["prioritaire"], x["demandes"], x["services"]) for x in t["par_territoire"]
    ] == [(t1.nom, False, 1, 2), (t2.nom, True, 2, 2)]


def test_la_page_du_tableau(appel, client, gestionnaire, references):
    client.force_login(gestionnaire)
    page = client.get(reverse("appels:tableau", args=[appel.pk])).content.decode()
    assert "<h1>Tableau de bord : " in page
    for montant in ("130000", "45000", "55000", "90000"):
        assert format_money(Decimal(montant)) in page, montant
    assert "<dd>130,0 %</dd>" in page
    for caption in re.findall(r'<caption id="([^"]+)"', page):
        assert f'aria-labelledby="{caption}"' in page
    assert "(territoire prioritaire)" in page
    assert references["statuts"][1].nom in page
    # Reached from the call's staff page and from the ranking.
    url = reverse("appels:tableau", args=[appel.pk])
    assert url in client.get(appel.get_absolute_url()).content.decode()
    assert url in client.get(reverse("appels:classement", args=[appel.pk])).content.decode()


def test_seul_le_personnel_des_appels_le_voit(appel, client, agent):
    url = reverse("appels:tableau", args=[appel.pk])
    assert client.get(url).status_code == 302
    membre = UserFactory(roles=["evaluateur"])
    Evaluateur.objects.create(appel=appel, user=membre)
    partenaire = MembreFactory(organisme=appel.demandes.first().organisme).user
    for user in (membre, partenaire):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(agent)
    assert client.get(url).status_code == 200


def test_requetes_en_nombre_fixe(db, client, agent, references):
    client.force_login(agent)
    r1 = references["rubriques"][0]
    s1 = references["statuts"][0]
    t1 = references["territoires"][0]
    comptes = []
    for n in (3, 60):
        appel = appel_complet()
        for i in range(n):
            demande = DemandeFactory(
                appel=appel, etat=(E.SOUMISE, E.RECEVABLE, E.RETENUE)[i % 3], montant_demande=1000
            )
            _service(demande, r1, [t1], [(s1, 2)])
            if demande.etat == E.RETENUE:
                Recommandation.objects.create(demande=demande, decision="retenue", decide_par=agent)
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("appels:tableau", args=[appel.pk])).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= 15, comptes
