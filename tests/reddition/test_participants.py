"""Participants reached: read from each grant's latest accepted activity report (reports are
cumulative), per funded line × status for one grant and per rubrique × status for many, in a
number of queries that does not grow with the data; and compared with the targets."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reddition import selectors
from reddition.models import Obligation, Participation, Rapport
from referentiel.models import Rubrique, StatutImmigration
from subventions.models import CibleStatut, Subvention
from tests.factories import ObligationFactory, ServiceFactory, ServiceFinanceFactory

pytestmark = pytest.mark.django_db
T = Obligation.Type
R = Rapport.Statut


def rapport(subvention, nombres, *, statut=R.ACCEPTE, type=T.RAPPORT_ETAPE, fin=(2026, 6, 30)):
    """A report of `subvention` with {(service_finance, statut): n}, made directly: what is
    tested here is the reading, not the writing (tests/reddition/test_rapports.py)."""
    o = ObligationFactory(
        subvention=subvention,
        type=type,
        periode_fin=datetime.date(*fin),
        date_echeance=datetime.date(*fin) + datetime.timedelta(days=30),
    )
    r = Rapport.objects.create(obligation=o, statut=statut)
    Participation.objects.bulk_create(
        Participation(rapport=r, service_finance=sf, statut=st, nombre=n)
        for (sf, st), n in nombres.items()
    )
    return r


@pytest.fixture
def st():
    return list(StatutImmigration.objects.actifs()[:3])


@pytest.fixture
def grant(organisme):
    s = ObligationFactory(subvention__organisme=organisme).subvention
    s.obligations.all().delete()
    a = ServiceFinanceFactory(subvention=s, participants_cibles=50)
    b = ServiceFinanceFactory(subvention=s, participants_cibles=20)
    return s, a, b


def test_seuls_les_rapports_acceptes_comptent(grant, st):
    s, a, b = grant
    assert selectors.participants_rejoints(s) == {}
    for statut in (R.BROUILLON, R.SOUMIS, R.A_CORRIGER):
        rapport(s, {(a, st[0]): 99}, statut=statut, fin=(2026, 12, 31))
    assert selectors.participants_rejoints(s) == {}
    rapport(s, {(a, st[0]): 7, (b, st[1]): 2})
    assert selectors.participants_rejoints(s) == {(a.pk, st[0].pk): 7, (b.pk, st[1].pk): 2}


def test_le_dernier_rapport_accepte_remplace_le_precedent_sans_s_additionner(grant, st):
    s, a, b = grant
    rapport(s, {(a, st[0]): 10, (a, st[1]): 4}, type=T.RAPPORT_ETAPE, fin=(2026, 6, 30))
    final = rapport(s, {(a, st[0]): 25, (a, st[1]): 6}, type=T.RAPPORT_FINAL, fin=(2026, 12, 31))
    # Cumulative: 25 and 6, not 35 and 10.
    assert selectors.participants_rejoints(s) == {(a.pk, st[0].pk): 25, (a.pk, st[1].pk): 6}
    assert selectors.rapport_retenu(s) == final
    # The final report sent back again: the mid-way one is the latest accepted.
    final.statut = R.A_CORRIGER
    final.save()
    assert selectors.participants_rejoints(s) == {(a.pk, st[0].pk): 10, (a.pk, st[1].pk): 4}


def test_a_periode_egale_le_final_puis_le_plus_recent(grant, st):
    """Ties on the period: the final report before the mid-way one, then the latest made; the
    same report for one grant and in the sums over many."""
    s, a, _b = grant
    rapport(s, {(a, st[0]): 30}, type=T.RAPPORT_FINAL, fin=(2026, 12, 31))
    rapport(s, {(a, st[0]): 20}, type=T.RAPPORT_ETAPE, fin=(2026, 12, 31))
    deux_etapes = ObligationFactory(subvention__organisme=s.organisme).subvention
    deux_etapes.obligations.all().delete()
    c = ServiceFinanceFactory(subvention=deux_etapes, service=a.service)
    rapport(deux_etapes, {(c, st[0]): 5}, fin=(2026, 6, 30))
    dernier = rapport(deux_etapes, {(c, st[0]): 7}, fin=(2026, 6, 30))
    assert selectors.participants_rejoints(s) == {(a.pk, st[0].pk): 30}
    assert selectors.rapport_retenu(deux_etapes) == dernier
    assert selectors.participants_rejoints(deux_etapes) == {(c.pk, st[0].pk): 7}
    les_deux = Subvention.objects.filter(pk__in=[s.pk, deux_etapes.pk])
    rubrique = a.service.rubrique_id
    assert selectors.participants_rejoints_par_rubrique(les_deux) == {(rubrique, st[0].pk): 37}


def test_les_etats_financiers_ne_portent_pas_de_participants(grant, st):
    s, a, _b = grant
    rapport(s, {(a, st[0]): 10})
    rapport(s, {}, type=T.ETATS_FINANCIERS, fin=(2027, 3, 31))
    assert selectors.participants_rejoints(s) == {(a.pk, st[0].pk): 10}


def test_atteints_contre_cibles_par_statut_et_par_ligne(grant, st):
    s, a, b = grant
    # Line a sets targets per status (40 + 10 = 50); line b only its total (20).
    CibleStatut.objects.create(service_finance=a, statut=st[0], participants_cibles=40)
    CibleStatut.objects.create(service_finance=a, statut=st[1], participants_cibles=10)
    rapport(s, {(a, st[0]): 30, (a, st[1]): 15, (b, st[0]): 4, (b, st[2]): 1})
    nouveau = StatutImmigration.objects.create(nom="Statut ajouté plus tard", ordre=99)
    resultat = selectors.atteints_contre_cibles(s)
    la, lb = sorted(resultat["lignes"], key=lambda ligne: ligne["cible"], reverse=True)
    assert (la["atteints"], la["cible"], la["pourcentage"]) == (45, 50, Decimal("90.0"))
    assert la["par_statut_saisi"] and not lb["par_statut_saisi"]
    cellules = {c["statut"]: c for c in la["par_statut"]}
    assert (cellules[st[0].nom]["cible"], cellules[st[0].nom]["pourcentage"]) == (
        40,
        Decimal("75.0"),
    )
    assert cellules[st[1].nom]["pourcentage"] == Decimal("150.0")
    assert cellules[st[2].nom] == {
        "statut": st[2].nom,
        "atteints": 0,
        "cible": None,
        "pourcentage": None,
    }
    # A status added later is a column with nothing reached and no target.
    assert cellules[nouveau.nom]["atteints"] == 0 and cellules[nouveau.nom]["cible"] is None
    assert (lb["atteints"], lb["cible"], lb["pourcentage"]) == (5, 20, Decimal("25.0"))
    assert all(c["cible"] is None for c in lb["par_statut"])
    assert resultat["rapport"].obligation.subvention == s


def test_par_rubrique_additionne_les_subventions_pas_les_rapports(organisme, st):
    r1, r2 = list(Rubrique.objects.all()[:2])
    attendu = {}
    subventions = []
    for i in range(3):
        s = ObligationFactory(subvention__organisme=organisme).subvention
        s.obligations.all().delete()
        a = ServiceFinanceFactory(subvention=s, service=ServiceFactory(rubrique=r1))
        b = ServiceFinanceFactory(subvention=s, service=ServiceFactory(rubrique=r2))
        rapport(s, {(a, st[0]): 100, (b, st[1]): 100}, fin=(2026, 3, 31))
        rapport(s, {(a, st[0]): i + 1, (b, st[1]): 10 * (i + 1)}, fin=(2026, 6, 30))
        rapport(s, {(a, st[0]): 1000}, statut=R.SOUMIS, fin=(2026, 12, 31))
        subventions.append(s.pk)
    attendu = {(r1.pk, st[0].pk): 1 + 2 + 3, (r2.pk, st[1].pk): 10 + 20 + 30}
    qs = Subvention.objects.filter(pk__in=subventions)
    assert selectors.participants_rejoints_par_rubrique(qs) == attendu
    assert selectors.participants_rejoints_par_rubrique(qs.filter(pk=subventions[0])) == {
        (r1.pk, st[0].pk): 1,
        (r2.pk, st[1].pk): 10,
    }


def _requetes(fonction):
    with CaptureQueriesContext(connection) as ctx:
        fonction()
    return len(ctx.captured_queries)


def test_le_nombre_de_requetes_ne_depend_pas_des_donnees(grant, st):
    s, a, b = grant
    rapport(s, {(a, st[0]): 1})
    tous = Subvention.objects.all()
    avant = [
        _requetes(lambda: selectors.participants_rejoints_par_rubrique(tous)),
        _requetes(lambda: selectors.atteints_contre_cibles(s)),
    ]
    for _i in range(4):
        sf = ServiceFinanceFactory(subvention=s)
        CibleStatut.objects.create(service_finance=sf, statut=st[1], participants_cibles=3)
        rapport(s, {(sf, x): 2 for x in st} | {(a, st[0]): 5}, fin=(2026, 9, 30))
        autre = ServiceFinanceFactory()
        rapport(autre.subvention, {(autre, st[2]): 8})
    apres = [
        _requetes(lambda: selectors.participants_rejoints_par_rubrique(tous)),
        _requetes(lambda: selectors.atteints_contre_cibles(s)),
    ]
    assert avant == apres
    assert apres[0] == 1


def test_la_fiche_de_subvention_montre_atteints_et_cibles(client, agent, grant, st):
    s, a, b = grant
    CibleStatut.objects.create(service_finance=a, statut=st[0], participants_cibles=50)
    rapport(s, {(a, st[0]): 37, (b, st[1]): 9})
    client.force_login(agent)
    fiche = client.get(s.get_absolute_url()).content.decode()
    assert "Participants rejoints et cibles" in fiche
    assert '<th scope="col" class="nombre">Participants rejoints</th>' in fiche
    cellules = '<td class="nombre">37</td><td class="nombre">50</td><td class="nombre">74'
    assert cellules in fiche
    assert "cible totale seulement" in fiche


def test_la_fiche_lit_les_cibles_une_fois(client, agent, grant, st, monkeypatch):
    """The page's targets table and its reached-vs-target table read the same targets: once."""
    import subventions.selectors

    s, a, _b = grant
    rapport(s, {(a, st[0]): 37})
    appels = []
    lire = subventions.selectors.cibles_par_service_et_statut

    def compter(subvention):
        appels.append(subvention.pk)
        return lire(subvention)

    monkeypatch.setattr(subventions.selectors, "cibles_par_service_et_statut", compter)
    monkeypatch.setattr(selectors.participants, "cibles_par_service_et_statut", compter)
    client.force_login(agent)
    assert ">37<" in client.get(s.get_absolute_url()).content.decode()
    assert appels == [s.pk]


def test_sans_rapport_accepte_la_fiche_le_dit(client, agent, grant, st):
    s, a, _b = grant
    rapport(s, {(a, st[0]): 37}, statut=R.SOUMIS)
    client.force_login(agent)
    fiche = client.get(s.get_absolute_url()).content.decode()
    assert "Aucun rapport accepté ne déclare encore de participants rejoints." in fiche
    assert ">37<" not in fiche


def test_l_examen_compare_chaque_statut_a_sa_cible(client, agent, partenaire, grant, st):
    from reddition.services import rapports as services

    s, a, b = grant
    CibleStatut.objects.create(service_finance=a, statut=st[0], participants_cibles=40)
    r = rapport(s, {(a, st[0]): 30, (b, st[0]): 5}, statut=R.BROUILLON)
    r.activites = "Ateliers."
    r.save()
    services.rapport_soumettre(obligation=r.obligation, par=partenaire)
    client.force_login(agent)
    page = client.get(r.obligation.get_absolute_url()).content.decode()
    assert "Participants rejoints contre les cibles, par statut" in page
    assert '<td class="nombre">30</td><td class="nombre">40</td><td class="nombre">75' in page
    # Line b has only its total target (20): 5 reached, 25 %.
    assert '<td class="nombre">5</td><td class="nombre">20</td><td class="nombre">25' in page
