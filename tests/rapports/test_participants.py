"""The dashboard's participants figure: reached (latest accepted report of each grant) against
the targets of grants approved or later, by rubrique and status, checked against aggregates
written independently; the chart, its table and the workbook's Participants sheet."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse

from rapports import selectors
from rapports.selectors import Filtres
from reddition.models import Obligation, Participation, Rapport
from referentiel.models import Rubrique, StatutImmigration
from subventions.models import CibleStatut, ServiceFinance, Subvention
from tests.factories import ObligationFactory, ServiceFactory, ServiceFinanceFactory

pytestmark = pytest.mark.django_db
S = Subvention.Statut
R = Rapport.Statut


def rapport(subvention, nombres, *, statut=R.ACCEPTE, fin=(2026, 6, 30)):
    o = ObligationFactory(
        subvention=subvention,
        type=Obligation.Type.RAPPORT_ETAPE,
        periode_fin=datetime.date(*fin),
        date_echeance=datetime.date(*fin) + datetime.timedelta(days=30),
    )
    r = Rapport.objects.create(obligation=o, statut=statut)
    for (sf, st), n in nombres.items():
        Participation.objects.create(rapport=r, service_finance=sf, statut=st, nombre=n)
    return r


@pytest.fixture
def donnees(organisme):
    """Two rubriques; grant 1 (en cours) with two accepted reports and a draft, grant 2 (en
    cours) with targets only as a total, grant 3 (en analyse: its targets are not commitments)."""
    r1, r2 = list(Rubrique.objects.all()[:2])
    st = list(StatutImmigration.objects.actifs()[:2])
    lignes = {}
    for nom, statut in (("s1", S.EN_COURS), ("s2", S.EN_COURS), ("s3", S.EN_ANALYSE)):
        s = ObligationFactory(subvention__organisme=organisme, subvention__statut=statut)
        s = s.subvention
        s.obligations.all().delete()
        lignes[nom] = (
            ServiceFinanceFactory(
                subvention=s, service=ServiceFactory(rubrique=r1), participants_cibles=30
            ),
            ServiceFinanceFactory(
                subvention=s, service=ServiceFactory(rubrique=r2), participants_cibles=12
            ),
        )
    a1, b1 = lignes["s1"]
    CibleStatut.objects.create(service_finance=a1, statut=st[0], participants_cibles=20)
    CibleStatut.objects.create(service_finance=a1, statut=st[1], participants_cibles=10)
    rapport(a1.subvention, {(a1, st[0]): 5, (a1, st[1]): 1}, fin=(2026, 3, 31))
    dernier = rapport(a1.subvention, {(a1, st[0]): 14, (a1, st[1]): 3, (b1, st[1]): 6})
    rapport(a1.subvention, {(a1, st[0]): 999}, statut=R.BROUILLON, fin=(2026, 12, 31))
    a2, b2 = lignes["s2"]
    retenu2 = rapport(a2.subvention, {(a2, st[0]): 7, (b2, st[0]): 2})
    return {"r": (r1, r2), "st": st, "retenus": [dernier, retenu2], "lignes": lignes}


def test_la_figure_contre_des_agregats_de_la_base(donnees, gestionnaire):
    (r1, r2), st = donnees["r"], donnees["st"]
    p = selectors.participants_par_rubrique(user=gestionnaire, filtres=Filtres())
    retenus = Participation.objects.filter(rapport__in=donnees["retenus"])
    engagees = ServiceFinance.objects.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES)
    assert p["total"]["atteints"] == retenus.aggregate(t=Sum("nombre"))["t"] == 32
    assert p["total"]["cible"] == engagees.aggregate(t=Sum("participants_cibles"))["t"] == 84
    lignes = {li["rubrique"]: li for li in p["lignes"]}
    i0, i1 = (p["statuts"].index(s) for s in st)
    # Rubrique 1: grant 1 per status (14/20, 3/10), grant 2 only a total (7 reached, 30 aimed).
    un = lignes[str(r1)]
    assert (un["cellules"][i0], un["cellules"][i1]) == (
        {"atteints": 21, "cible": 20},
        {"atteints": 3, "cible": 10},
    )
    assert (un["non_precise"], un["atteints"], un["cible"]) == (30, 24, 60)
    assert str(un["pourcentage"]) == "40.0"
    deux = lignes[str(r2)]
    assert (deux["atteints"], deux["cible"], deux["non_precise"]) == (8, 24, 24)
    assert p["non_precise"]
    for rubrique, ligne in ((r1, un), (r2, deux)):
        attendu = retenus.filter(service_finance__service__rubrique=rubrique).aggregate(
            t=Sum("nombre")
        )["t"]
        assert ligne["atteints"] == attendu


def test_les_filtres_et_les_roles_s_appliquent(donnees, gestionnaire, partenaire):
    s1 = donnees["lignes"]["s1"][0].subvention
    autre = Filtres(programme=s1.programme)
    p = selectors.participants_par_rubrique(user=gestionnaire, filtres=autre)
    assert p["total"]["atteints"] == 23 and p["total"]["cible"] == 42
    rien = selectors.participants_par_rubrique(user=partenaire, filtres=Filtres())
    assert rien["lignes"] == [] and rien["total"]["atteints"] == 0


def test_le_tableau_de_bord_montre_le_graphique_et_son_tableau(client, donnees, gestionnaire):
    client.force_login(gestionnaire)
    page = client.get("/rapports/").content.decode()
    assert 'id="graphique-participants-titre"' in page
    assert 'id="graphique-participants-statuts-titre"' in page
    assert "Participants rejoints / visés par rubrique et statut d'immigration" in page
    assert '<td class="nombre">21 / 20</td>' in page
    assert "Statut non précisé (visés)" in page


def test_la_figure_fait_le_meme_nombre_de_requetes_quelle_que_soit_la_taille(
    donnees, gestionnaire, django_assert_max_num_queries
):
    filtres = Filtres()
    selectors.participants_par_rubrique(user=gestionnaire, filtres=filtres)
    with django_assert_max_num_queries(3) as avant:
        selectors.participants_par_rubrique(user=gestionnaire, filtres=filtres)
    st = donnees["st"]
    for rubrique in Rubrique.objects.all()[2:6]:
        sf = ServiceFinanceFactory(
            service=ServiceFactory(rubrique=rubrique), subvention__statut=S.EN_COURS
        )
        CibleStatut.objects.create(service_finance=sf, statut=st[1], participants_cibles=4)
        rapport(sf.subvention, {(sf, st[0]): 3, (sf, st[1]): 2})
        rapport(sf.subvention, {(sf, st[0]): 4}, fin=(2026, 9, 30))
    with django_assert_max_num_queries(3) as apres:
        p = selectors.participants_par_rubrique(user=gestionnaire, filtres=filtres)
    assert len(apres.captured_queries) == len(avant.captured_queries)
    assert len(p["lignes"]) == 6


def test_la_feuille_participants_du_sommaire(client, donnees, gestionnaire):
    import io

    from openpyxl import load_workbook

    client.force_login(gestionnaire)
    reponse = client.get(reverse("rapports:sommaire"))
    assert reponse.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    ws = wb["Participants"]
    rangees = list(ws.iter_rows(values_only=True))
    assert rangees[0][0].startswith("Sommaire du programme")
    assert rangees[1] == (
        "Rubrique",
        "Statut d'immigration",
        "Participants rejoints",
        "Participants visés",
    )
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:D{len(rangees) - 1}"
    total = rangees[-1]
    assert total[0] == f"Total ({len(rangees) - 3} lignes)"
    retenus = Participation.objects.filter(rapport__in=donnees["retenus"])
    engagees = ServiceFinance.objects.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES)
    assert total[2] == retenus.aggregate(t=Sum("nombre"))["t"] == 32
    assert total[3] == engagees.aggregate(t=Sum("participants_cibles"))["t"] == 84
    r1 = str(donnees["r"][0])
    assert (r1, "Statut non précisé", 0, 30) in rangees
    assert (r1, str(donnees["st"][0]), 21, 20) in rangees
