"""Grants list (/subventions/): every filter, sorting, totals, access, constant SQL queries."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import ServiceIntegration
from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.models import Repartition, ServiceFinance, Subvention
from tests.factories import (
    OrganismeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
    UserFactory,
    compte_de_test,
)
from tests.partage import donnees_du_module

User = get_user_model()
URL = "/subventions/"
S = Subvention.Statut
NB = "\u00a0"
A1, A2, B1, B2 = "BINAM-2025-001", "BINAM-2025-002", "BINAM-2026-001", "BINAM-2026-002"


def lignes(reponse):
    return [row.record.numero for row in reponse.context["table"].paginated_rows]


def _quatre_subventions():
    """Four grants that differ on every filtered dimension, and the two agents they name (the
    users of the `agent` and `autre_agent` fixtures)."""
    agent = compte_de_test("agent")
    autre_agent = compte_de_test("autre_agent")
    rubriques = list(Rubrique.objects.order_by("ordre")[:2])
    statuts = list(StatutImmigration.objects.order_by("ordre")[:2])
    arrondissements = list(Territoire.objects.filter(type="arrondissement").order_by("nom")[:2])
    p1 = ProgrammeFactory(nom="Montréal inclusive")
    p2 = ProgrammeFactory(nom="Zones d'inclusion prioritaires")
    o1 = OrganismeFactory(nom_legal="Alpha accueil", arrondissement=arrondissements[0])
    o2 = OrganismeFactory(nom_legal="Bêta intégration", arrondissement=arrondissements[1])
    s1 = SubventionFactory(
        numero=A1, organisme=o1, programme=p1, statut=S.EN_ANALYSE, agent=agent,
        titre="Francisation au parc", montant_accorde=Decimal("10000.00"),
    )  # fmt: skip
    s2 = SubventionFactory(
        numero=A2, organisme=o1, programme=p2, statut=S.APPROUVEE,
        agent=autre_agent, titre="Logement d'abord", montant_accorde=Decimal("25000.50"),
    )  # fmt: skip
    s3 = SubventionFactory(
        numero=B1, organisme=o2, programme=p1, statut=S.EN_COURS, agent=None,
        titre="Emploi et mentorat", montant_accorde=Decimal("100000.00"),
    )  # fmt: skip
    SubventionFactory(
        numero=B2, organisme=o2, programme=p2, statut=S.REFUSEE, agent=agent,
        titre="Jardins partagés", montant_accorde=Decimal("5000.00"),
    )  # fmt: skip
    RepartitionFactory(subvention=s1, exercice=2025, montant=s1.montant_accorde)
    RepartitionFactory(subvention=s2, exercice=2026, montant=s2.montant_accorde)
    RepartitionFactory(subvention=s3, exercice=2025, montant=Decimal("40000.00"))
    RepartitionFactory(subvention=s3, exercice=2026, montant=Decimal("60000.00"))

    def finance(subvention, rubrique, statut):
        service = ServiceFactory(
            organisme=subvention.organisme, rubrique=rubrique, statuts_vises=[statut]
        )
        ServiceFinanceFactory(subvention=subvention, service=service)

    finance(s1, rubriques[0], statuts[0])
    # Two services of the same rubrique and status: s2 must still be listed (and summed) once.
    finance(s2, rubriques[1], statuts[1])
    finance(s2, rubriques[1], statuts[1])
    finance(s3, rubriques[0], statuts[1])
    return dict(p=(p1, p2), o=(o1, o2), rubriques=rubriques, statuts=statuts,
                arrondissements=arrondissements, agents=(agent.pk, autre_agent.pk))  # fmt: skip


@pytest.fixture(scope="class")
def quatre_subventions(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _quatre_subventions) as donnees:
        yield donnees


class TestQuatreSubventions:
    """The four grants are built once for the class's cases, which only read them (each case
    runs in its own savepoint: tests/partage.py)."""

    @pytest.fixture
    def jeu(self, db, quatre_subventions):
        return quatre_subventions

    @pytest.fixture
    def agent(self, jeu):
        return User.objects.get(pk=jeu["agents"][0])

    @pytest.fixture
    def autre_agent(self, jeu):
        return User.objects.get(pk=jeu["agents"][1])

    def test_sans_filtre_tout_par_numero_decroissant(self, client_de, agent, jeu):
        reponse = client_de(agent).get(URL)
        assert reponse.status_code == 200
        assert lignes(reponse) == [B2, B1, A2, A1]
        contenu = reponse.content.decode()  # statuses by their French label
        assert ">En cours<" in contenu and ">Refusée<" in contenu and ">en_cours<" not in contenu

    @pytest.mark.parametrize(
        "params, attendus",
        [
            (lambda j: {"programme": j["p"][0].pk}, {A1, B1}),
            (lambda j: {"exercice": "2025"}, {A1, B1}),
            (lambda j: {"exercice": "2026"}, {A2, B1}),
            (lambda j: {"exercice": "2027"}, set()),
            (lambda j: {"statut": ["approuvee"]}, {A2}),
            (lambda j: {"statut": ["en_analyse", "refusee"]}, {A1, B2}),
            (lambda j: {"arrondissement": j["arrondissements"][1].pk}, {B1, B2}),
            (lambda j: {"rubrique": j["rubriques"][0].pk}, {A1, B1}),
            (lambda j: {"rubrique": j["rubriques"][1].pk}, {A2}),
            (lambda j: {"statut_vise": j["statuts"][1].pk}, {A2, B1}),
            (lambda j: {"organisme": j["o"][0].pk}, {A1, A2}),
            (lambda j: {"montant_min": "12 500,00"}, {A2, B1}),
            (lambda j: {"montant_max": "10 000"}, {A1, B2}),
            (lambda j: {"montant_min": "10000", "montant_max": "25 000,50 $"}, {A1, A2}),
            (lambda j: {"q": "2026-00"}, {B1, B2}),
            (lambda j: {"q": "logement"}, {A2}),
            (lambda j: {"q": "bêta"}, {B1, B2}),
            (lambda j: {"q": "   "}, {A1, A2, B1, B2}),
        ],
    )  # fmt: skip
    def test_chaque_filtre_restreint(self, client_de, agent, jeu, params, attendus):
        reponse = client_de(agent).get(URL, params(jeu))
        assert reponse.status_code == 200
        assert not reponse.context["filter"].errors
        trouves = lignes(reponse)
        assert len(trouves) == len(set(trouves)), "une subvention répétée"
        assert set(trouves) == attendus

    def test_filtre_agent_et_choix_limites_aux_agents(
        self, client_de, agent, autre_agent, gestionnaire, jeu
    ):
        client = client_de(agent)
        reponse = client.get(URL, {"agent": autre_agent.pk})
        assert lignes(reponse) == [A2]
        choix = reponse.context["filter"].form.fields["agent"].queryset
        assert set(choix) == {agent, autre_agent}
        # A manager is not an agent: choosing one is an invalid choice, not a silent "everything".
        reponse = client.get(URL, {"agent": gestionnaire.pk})
        assert "agent" in reponse.context["filter"].errors
        assert lignes(reponse) == []

    def test_filtres_combines(self, client_de, agent, jeu):
        p1 = jeu["p"][0]
        reponse = client_de(agent).get(
            URL, {"programme": p1.pk, "exercice": "2026", "statut": ["en_cours", "approuvee"]}
        )
        assert lignes(reponse) == [B1]
        reponse = client_de(agent).get(
            URL,
            {"rubrique": jeu["rubriques"][1].pk, "statut_vise": jeu["statuts"][1].pk, "q": "alpha"},
        )
        assert lignes(reponse) == [A2]
        assert _nombre_et_montant(reponse) == {"nombre": 1, "montant": Decimal("25000.50")}

    @pytest.mark.parametrize(
        "params, champ, message",
        [
            ({"exercice": "abc"}, "exercice", "Saisissez un nombre entier."),
            ({"exercice": "1999"}, "exercice", "supérieure ou égale à 2000"),
            ({"montant_min": "douze"}, "montant_min", "Montant invalide"),
            ({"statut": ["inexistant"]}, "statut", "Sélectionnez un choix valide"),
            ({"programme": "999999"}, "programme", "Sélectionnez un choix valide"),
        ],
    )
    def test_filtre_invalide_erreur_francaise_et_liste_vide(
        self, client_de, agent, jeu, params, champ, message
    ):
        reponse = client_de(agent).get(URL, params)
        assert reponse.status_code == 200
        erreurs = reponse.context["filter"].errors
        assert champ in erreurs
        assert any(message in e for e in erreurs[champ])
        assert lignes(reponse) == []
        assert _nombre_et_montant(reponse) == {"nombre": 0, "montant": 0}
        assert message in reponse.content.decode()

    @pytest.mark.parametrize(
        "tri, attendu",
        [
            # Only approved-or-later amounts are accordé: the others ("—") sort below them all.
            ("montant_accorde", [A1, B2, A2, B1]),
            ("-montant_accorde", [B1, A2, B2, A1]),
            ("numero", [A1, A2, B1, B2]),
            ("titre", [B1, A1, B2, A2]),
            # Equal organisations: the unique numéro breaks ties, so pages never shuffle.
            ("organisme", [A1, A2, B1, B2]),
            ("-organisme", [B2, B1, A2, A1]),
            # Lifecycle order, not the alphabet of the codes.
            ("statut", [A1, A2, B1, B2]),
            ("-statut", [B2, B1, A2, A1]),
            ("programme", [A1, B1, A2, B2]),
        ],
    )  # fmt: skip
    def test_tri(self, client_de, agent, jeu, tri, attendu):
        reponse = client_de(agent).get(URL, {"sort": tri})
        assert lignes(reponse) == attendu

    def test_totaux_egaux_a_la_base(self, client_de, agent, jeu):
        client = client_de(agent)
        reponse = client.get(URL)
        total = Subvention.objects.aggregate(t=Sum("montant_accorde"))["t"]
        assert _nombre_et_montant(reponse) == {"nombre": 4, "montant": total}
        # Accordé: the approved and the running grant, not the one in analysis nor the refused one.
        assert f"Accordé{NB}: 125{NB}000,50{NB}$" in reponse.content.decode()
        # Filtered through a relation with two matching rows for s2: counted once.
        reponse = client.get(URL, {"statut_vise": jeu["statuts"][1].pk})
        attendu = Subvention.objects.filter(numero__in=[A2, B1]).aggregate(
            t=Sum("montant_accorde")
        )["t"]
        assert _nombre_et_montant(reponse) == {"nombre": 2, "montant": attendu}


def test_tri_organisme_suit_le_nom_affiche(client_de, agent, db):
    # "Zeta" is shown as its nom d'usage "Accueil Zeta": it sorts under A, like on screen.
    SubventionFactory(numero="BINAM-2026-010", organisme=OrganismeFactory(nom_legal="Bravo"))
    SubventionFactory(
        numero="BINAM-2026-011",
        organisme=OrganismeFactory(nom_legal="Zeta", nom_usage="Accueil Zeta"),
    )
    reponse = client_de(agent).get(URL, {"sort": "organisme"})
    assert lignes(reponse) == ["BINAM-2026-011", "BINAM-2026-010"]


def test_pagination_25_et_totaux_de_toutes_les_pages(client_de, agent, db):
    programme = ProgrammeFactory()
    for i in range(30):
        SubventionFactory(
            numero=f"BINAM-2026-{i + 1:03d}", programme=programme, montant_accorde=Decimal(i)
        )
    client = client_de(agent)
    page1 = client.get(URL, {"sort": "numero"})
    page2 = client.get(URL, {"sort": "numero", "page": 2})
    assert len(lignes(page1)) == 25 and len(lignes(page2)) == 5
    assert lignes(page1) + lignes(page2) == [f"BINAM-2026-{i:03d}" for i in range(1, 31)]
    assert _nombre_et_montant(page2) == {"nombre": 30, "montant": Decimal(sum(range(30)))}


@pytest.mark.parametrize(
    "role, statut", [(None, 302), ("partenaire", 403), ("agent", 200), ("gestionnaire", 200),
                     ("administrateur", 200)]
)  # fmt: skip
def test_acces_par_role(client_de, request, role, statut, db):
    user = request.getfixturevalue(role) if role else None
    reponse = client_de(user).get(URL)
    assert reponse.status_code == statut
    if role is None:
        assert reponse.url.startswith("/connexion/")
    reponse = client_de(user).get(URL, {"_export": "xlsx"})
    assert reponse.status_code == statut


def test_bouton_nouvelle_subvention_pour_les_agents(client_de, agent, gestionnaire, db):
    contenu = client_de(agent).get(URL).content.decode()
    assert f'href="{reverse("subventions:creer")}"' in contenu and "Nouvelle subvention" in contenu
    assert "Nouvelle subvention" not in client_de(gestionnaire).get(URL).content.decode()


def _creer_en_masse(nombre, depart, organismes, programmes, agents, rubrique, statut):
    Subvention.objects.bulk_create(
        Subvention(
            numero=f"BINAM-2030-{depart + i:05d}",
            organisme=organismes[i % len(organismes)],
            programme=programmes[i % len(programmes)],
            agent=agents[i % len(agents)],
            titre=f"Projet {depart + i}",
            montant_accorde=Decimal(1000 + i),
            statut=S.values[i % len(S.values)],
        )
        for i in range(nombre)
    )
    # Read back rather than rely on bulk_create returning primary keys (backend-dependent).
    numeros = [f"BINAM-2030-{depart + i:05d}" for i in range(nombre)]
    subventions = list(Subvention.objects.filter(numero__in=numeros))
    Repartition.objects.bulk_create(
        Repartition(subvention=s, exercice=2026, montant=s.montant_accorde) for s in subventions
    )
    service = ServiceFactory(organisme=organismes[0], rubrique=rubrique, statuts_vises=[statut])
    ServiceFinance.objects.bulk_create(
        ServiceFinance(subvention=s, service=service) for s in subventions
    )
    return service


def _mille_subventions():
    """1,000 grants: the first 10 funding one service, the 990 others a second one. The list's
    cases filter on the service's rubrique: the second service's rubrique changed, they list
    10 grants; changed back, 1,000."""
    organismes = [OrganismeFactory() for _ in range(5)]
    programmes = [ProgrammeFactory() for _ in range(3)]
    agents = [UserFactory(roles=["agent"]) for _ in range(3)]
    rubrique, statut = Rubrique.objects.first(), StatutImmigration.objects.first()
    _creer_en_masse(10, 0, organismes, programmes, agents, rubrique, statut)
    service = _creer_en_masse(990, 10, organismes, programmes, agents, rubrique, statut)
    return {"agent": agents[0].pk, "rubrique": rubrique.pk, "statut": statut.pk, "990": service.pk}


@pytest.fixture(scope="class")
def mille_subventions(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _mille_subventions) as donnees:
        yield donnees


class TestNombreDeRequetes:
    """The 1,000 grants are built once for the class's cases (tests/partage.py); each case
    counts the queries of its list with 10 grants listed, then with 1,000."""

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"sort": "organisme"},
            {"exercice": "2026", "statut": ["en_cours", "approuvee"], "sort": "-statut"},
            {"q": "projet", "montant_min": "1 000,00", "sort": "agent"},
        ],
    )
    def test_nombre_de_requetes_constant(self, client_de, db, mille_subventions, params):
        jeu = mille_subventions
        params = {**params, "rubrique": jeu["rubrique"], "statut_vise": jeu["statut"]}
        client = client_de(User.objects.get(pk=jeu["agent"]))
        client.get(URL)  # warm the session and caches
        assert Subvention.objects.count() == 1000

        service_des_990 = ServiceIntegration.objects.filter(pk=jeu["990"])
        autre = Rubrique.objects.exclude(pk=jeu["rubrique"]).first()
        service_des_990.update(rubrique=autre)
        with CaptureQueriesContext(connection) as dix:
            reponse = client.get(URL, params)
        assert reponse.status_code == 200
        listees = reponse.context["totaux"]["nombre"]
        service_des_990.update(rubrique=jeu["rubrique"])
        with CaptureQueriesContext(connection) as mille:
            reponse = client.get(URL, params)
        assert reponse.status_code == 200
        assert len(lignes(reponse)) == 25
        assert 0 < listees <= 10 < reponse.context["totaux"]["nombre"]
        assert len(dix) == len(mille), [q["sql"] for q in mille.captured_queries]
        assert len(mille) <= 16  # 16 with an exercice: its committed share is one more sum


def test_totaux_engages_et_part_de_l_exercice(client_de, gestionnaire):
    from decimal import Decimal as D

    from tests.factories import RepartitionFactory, SubventionFactory

    S = Subvention.Statut
    approuvee = SubventionFactory(statut=S.APPROUVEE, montant_accorde=D("40000"))
    RepartitionFactory(subvention=approuvee, exercice=2026, montant=D("10000"))
    RepartitionFactory(subvention=approuvee, exercice=2027, montant=D("30000"))
    refusee = SubventionFactory(statut=S.REFUSEE, montant_accorde=D("60000"))
    RepartitionFactory(subvention=refusee, exercice=2026, montant=D("60000"))
    totaux = client_de(gestionnaire).get("/subventions/?exercice=2026").context["totaux"]
    assert totaux["nombre"] == 2
    assert totaux["accorde"] == D("40000")  # approved or later only
    assert totaux["exclues"] == {"nombre": 1, "montant": D("60000")}  # the refused one
    assert totaux["accorde_exercice"] == D("10000")  # that year's share of it


def test_un_mot_une_definition_avec_chaque_statut(client_de, gestionnaire):
    # One grant in each status: 10 000 $ granted (or proposed) per grant, 1 000 $ more asked.
    par_statut = {}
    for i, statut in enumerate(S.values):
        par_statut[statut] = SubventionFactory(
            statut=statut,
            montant_demande=Decimal("11000") + i,
            montant_accorde=Decimal("10000") + i,
        )
    reponse = client_de(gestionnaire).get(URL)
    totaux = reponse.context["totaux"]

    def somme(statuts, champ="montant_accorde"):
        return sum(getattr(par_statut[s], champ) for s in statuts)

    assert totaux["nombre"] == 9
    assert totaux["demande"] == somme(S.values, "montant_demande")
    assert totaux["propose"] == somme([S.EN_ANALYSE, S.RECOMMANDEE]) == Decimal("20001")
    accorde = [S.APPROUVEE, S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE]
    assert totaux["accorde"] == somme(accorde) == Decimal("50020")
    # A cancelled grant (even one cancelled after approval) and a refused one are not accordé.
    assert totaux["exclues"] == {"nombre": 2, "montant": somme([S.REFUSEE, S.ANNULEE])}
    contenu = reponse.content.decode()
    assert "Σ accordé" not in contenu
    assert f"Accordé{NB}: 50{NB}020,00{NB}$" in contenu
    assert f"Proposé{NB}: 20{NB}001,00{NB}$" in contenu
    assert f"excluent 2 subventions refusées ou annulées (20{NB}015,00{NB}$)" in contenu
    # In English the colon follows the word, with no space (it is inside the translated text).
    anglais = client_de(gestionnaire)
    anglais.cookies["django_language"] = "en"
    en_anglais = anglais.get(URL).content.decode()
    assert "Granted: " in en_anglais and "Proposed: " in en_anglais
    assert " :" not in en_anglais.split('class="totaux"')[1].split("</p>")[0]
    del anglais.cookies["django_language"]
    # The organisation page says the same words with the same figures.
    organisme = par_statut[S.EN_COURS].organisme
    for s in par_statut.values():
        s.organisme = organisme
        s.save()
    fiche = client_de(gestionnaire).get(f"/organismes/{organisme.pk}/")
    assert fiche.context["totaux"] == totaux
    contenu = fiche.content.decode()
    assert f"50{NB}020,00{NB}$" in contenu and f"20{NB}001,00{NB}$" in contenu
    assert f"(20{NB}015,00{NB}$)" in contenu


def _nombre_et_montant(reponse):
    # The three sums split the listed grants' montant accordé without overlap or gap.
    totaux = reponse.context["totaux"]
    montant = totaux["propose"] + totaux["accorde"] + totaux["exclues"]["montant"]
    return {"nombre": totaux["nombre"], "montant": montant}
