"""Integration services catalogue: list, filters, detail, create/edit per role, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from catalogue.models import ServiceIntegration
from catalogue.services import service_creer as creer
from catalogue.services import service_modifier as enregistrer
from organismes.models import Organisme
from referentiel.models import Rubrique, StatutImmigration, Territoire
from tests.factories import OrganismeFactory, ServiceFactory, SubventionFactory, organisme_de_test
from tests.factories import ServiceFinanceFactory as FinancementFactory
from tests.partage import donnees_du_module

LISTE = "/subventions/services/"
CREER = "/subventions/services/nouveau/"


def detail(service):
    return f"/subventions/services/{service.pk}/"


def modifier(service):
    return f"{detail(service)}modifier/"


def noms(reponse):
    return [row.record.nom for row in reponse.context["table"].paginated_rows]


def _references():
    return {
        "rubriques": list(Rubrique.objects.order_by("ordre")[:2]),
        "statuts": list(StatutImmigration.objects.order_by("ordre")[:3]),
        "territoires": list(Territoire.objects.order_by("type", "nom")[:3]),
    }


@pytest.fixture
def ref(db):
    return _references()


@pytest.fixture
def service(organisme, ref):
    s = ServiceFactory(
        nom="Accueil des demandeurs d'asile à Saint-Laurent",
        organisme=organisme,
        rubrique=ref["rubriques"][0],
        statuts_vises=ref["statuts"][:1],
        lieu="Station Nouveau Départ",
    )
    s.territoires.set(ref["territoires"][:1])
    return s


def donnees(ref, organisme, **autres):
    return {
        "nom": "Francisation des parents", "organisme": organisme.pk,
        "rubrique": ref["rubriques"][1].pk,
        "statuts_vises": [ref["statuts"][0].pk, ref["statuts"][2].pk],
        "territoires": [ref["territoires"][1].pk], "description": "Ateliers du samedi.",
        "lieu": "Bibliothèque du quartier", "actif": "on", **autres,
    }  # fmt: skip


LECTURE = [(None, 302), ("partenaire", 403), ("agent", 200), ("gestionnaire", 200),
           ("administrateur", 200)]  # fmt: skip
ECRITURE = [(None, 302), ("partenaire", 403), ("agent", 200), ("gestionnaire", 403),
            ("administrateur", 403)]  # fmt: skip


@pytest.mark.parametrize("role, statut", LECTURE)
def test_acces_lecture(client_de, request, service, role, statut):
    user = request.getfixturevalue(role) if role else None
    for url in [LISTE, detail(service), LISTE + "?_export=csv"]:
        reponse = client_de(user).get(url)
        assert reponse.status_code == statut, url
        if role is None:
            assert reponse.url.startswith("/connexion/")


@pytest.mark.parametrize("role, statut", ECRITURE)
def test_acces_formulaires(client_de, request, service, role, statut):
    user = request.getfixturevalue(role) if role else None
    for url in [CREER, modifier(service)]:
        reponse = client_de(user).get(url)
        assert reponse.status_code == statut, url
        if role is None:
            assert reponse.url.startswith("/connexion/")


@pytest.mark.parametrize("role", [None, "partenaire", "gestionnaire", "administrateur"])
def test_post_refuse_hors_agents(client_de, request, service, organisme, ref, role):
    user = request.getfixturevalue(role) if role else None
    client = client_de(user)
    avant = ServiceIntegration.objects.count()
    assert client.post(CREER, donnees(ref, organisme)).status_code in (302, 403)
    assert client.post(modifier(service), donnees(ref, organisme)).status_code in (302, 403)
    assert ServiceIntegration.objects.count() == avant
    service.refresh_from_db()
    assert service.nom == "Accueil des demandeurs d'asile à Saint-Laurent"


def test_service_inexistant_404(client_de, agent, db):
    assert client_de(agent).get("/subventions/services/999999/").status_code == 404
    assert client_de(agent).get("/subventions/services/999999/modifier/").status_code == 404


def test_boutons_selon_le_role(client_de, agent, gestionnaire, service):
    assert CREER in client_de(agent).get(LISTE).content.decode()
    assert modifier(service) in client_de(agent).get(detail(service)).content.decode()
    assert CREER not in client_de(gestionnaire).get(LISTE).content.decode()
    assert modifier(service) not in client_de(gestionnaire).get(detail(service)).content.decode()


def test_creer(client_de, agent, organisme, ref):
    reponse = client_de(agent).post(CREER, donnees(ref, organisme))
    service = ServiceIntegration.objects.get(nom="Francisation des parents")
    assert reponse.status_code == 302 and reponse.url == detail(service)
    assert service.organisme == organisme and service.rubrique == ref["rubriques"][1]
    assert set(service.statuts_vises.all()) == {ref["statuts"][0], ref["statuts"][2]}
    assert list(service.territoires.all()) == [ref["territoires"][1]]
    # One "creation" record, by its author, holding the final statuses.
    (record,) = service.history.all()
    assert record.history_type == "+" and record.history_user == agent
    assert {r.statutimmigration_id for r in record.statuts_vises.all()} == {
        ref["statuts"][0].pk,
        ref["statuts"][2].pk,
    }


def test_creer_sans_statut_vise_refuse(client_de, agent, organisme, ref):
    reponse = client_de(agent).post(CREER, donnees(ref, organisme, statuts_vises=[]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "resume-erreurs" in contenu
    assert "Choisissez au moins un statut d&#x27;immigration visé." in contenu
    assert not ServiceIntegration.objects.filter(nom="Francisation des parents").exists()


def test_creer_champs_obligatoires(client_de, agent, organisme, ref):
    reponse = client_de(agent).post(CREER, donnees(ref, organisme, nom="", rubrique=""))
    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors
    assert "nom" in erreurs and "rubrique" in erreurs
    assert "Ce champ est obligatoire." in erreurs["nom"]


def test_modifier(client_de, agent, service, organisme, ref):
    avant = service.history.count()
    reponse = client_de(agent).post(
        modifier(service),
        donnees(ref, organisme, nom="Accueil élargi", statuts_vises=[ref["statuts"][1].pk]),
    )
    assert reponse.status_code == 302 and reponse.url == detail(service)
    service.refresh_from_db()
    assert service.nom == "Accueil élargi"
    assert list(service.statuts_vises.all()) == [ref["statuts"][1]]
    assert service.history.count() == avant + 1  # one edit, one record (not one per m2m step)
    assert service.history.first().history_user == agent


def test_modifier_affiche_les_valeurs(client_de, agent, service):
    reponse = client_de(agent).get(modifier(service))
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    assert 'value="Accueil des demandeurs d&#x27;asile à Saint-Laurent"' in contenu
    # A group of checkboxes is named by its fieldset's legend; each box has its own label.
    assert "<legend>Statuts d&#x27;immigration visés" in contenu
    premier = service.statuts_vises.first()
    assert f'value="{premier.pk}" id="id_statuts_vises_' in contenu and "checked" in contenu


def test_organisme_fige_des_qu_une_subvention_finance(client_de, agent, service, ref):
    FinancementFactory(subvention__organisme=service.organisme, service=service)
    autre = OrganismeFactory()
    client = client_de(agent)
    assert client.get(modifier(service)).context["form"].fields["organisme"].disabled
    reponse = client.post(modifier(service), donnees(ref, autre, nom="Renommé"))
    assert reponse.status_code == 302
    service.refresh_from_db()
    assert service.nom == "Renommé" and service.organisme != autre
    with pytest.raises(ValidationError) as erreur:
        enregistrer(service=service, par=agent, organisme=autre, statuts_vises=ref["statuts"][:1])
    assert "organisme" in erreur.value.error_dict


def test_services_exigent_un_statut_et_un_modele_valide(agent, organisme, ref, service):
    rubrique, statuts = ref["rubriques"][0], ref["statuts"][:1]
    with pytest.raises(ValidationError) as erreur:
        creer(par=agent, nom="X", organisme=organisme, rubrique=rubrique, statuts_vises=[])
    assert "statuts_vises" in erreur.value.error_dict
    with pytest.raises(ValidationError) as erreur:
        creer(par=agent, nom="", organisme=organisme, rubrique=rubrique, statuts_vises=statuts)
    assert "nom" in erreur.value.error_dict
    with pytest.raises(ValidationError):
        enregistrer(service=service, par=agent, statuts_vises=[])
    assert ServiceIntegration.objects.count() == 1
    assert list(service.statuts_vises.all()) == ref["statuts"][:1]


def _catalogue():
    """Three services of the organisations of the `organisme` and `autre_organisme` fixtures
    (same names), over two rubriques, three statuses and two territories; one inactive."""
    r, st, t = _references().values()
    organisme = organisme_de_test("organisme")
    autre_organisme = organisme_de_test("autre_organisme")
    a = ServiceFactory(nom="Alpha", organisme=organisme, rubrique=r[0], statuts_vises=[st[0]])
    b = ServiceFactory(
        nom="Bravo", organisme=organisme, rubrique=r[1], statuts_vises=[st[1], st[2]], lieu="Parc"
    )
    ServiceFactory(
        nom="Charlie", organisme=autre_organisme, rubrique=r[1], statuts_vises=[st[2]], actif=False
    )
    a.territoires.set([t[0]])
    b.territoires.set([t[0], t[1]])
    return organisme.pk


@pytest.fixture(scope="class")
def catalogue(django_db_setup, django_db_blocker):
    with donnees_du_module(django_db_blocker, _catalogue) as organisme:
        yield organisme


class TestCatalogue:
    """The three services are built once for the class's cases, which only read them (each
    case runs in its own savepoint: tests/partage.py)."""

    @pytest.fixture
    def organisme(self, db, catalogue):
        return Organisme.objects.get(pk=catalogue)

    @pytest.mark.parametrize(
        "params, attendus",
        [
            (lambda r, o: {}, ["Alpha", "Bravo", "Charlie"]),
            (lambda r, o: {"q": "brav"}, ["Bravo"]),
            (lambda r, o: {"q": "parc"}, ["Bravo"]),
            (lambda r, o: {"q": "verdun"}, ["Charlie"]),  # organisation's name
            (lambda r, o: {"organisme": o.pk}, ["Alpha", "Bravo"]),
            (lambda r, o: {"rubrique": r["rubriques"][1].pk}, ["Bravo", "Charlie"]),
            (lambda r, o: {"statut": r["statuts"][2].pk}, ["Bravo", "Charlie"]),
            (lambda r, o: {"territoire": r["territoires"][0].pk}, ["Alpha", "Bravo"]),
            (lambda r, o: {"territoire": r["territoires"][1].pk}, ["Bravo"]),
            (lambda r, o: {"actif": "true"}, ["Alpha", "Bravo"]),
            (lambda r, o: {"actif": "false"}, ["Charlie"]),
            (lambda r, o: {"rubrique": r["rubriques"][1].pk, "actif": "true", "q": "b"}, ["Bravo"]),
            (lambda r, o: {"sort": "-nom"}, ["Charlie", "Bravo", "Alpha"]),
        ],
    )  # fmt: skip
    def test_filtres_du_catalogue(self, client_de, agent, ref, organisme, params, attendus):
        reponse = client_de(agent).get(LISTE, params(ref, organisme))
        assert not reponse.context["filter"].errors
        assert noms(reponse) == attendus
        assert reponse.context["totaux"]["nombre"] == len(attendus)

    def test_filtre_invalide_liste_vide(self, client_de, agent, organisme):
        reponse = client_de(agent).get(LISTE, {"organisme": "abc"})
        assert "organisme" in reponse.context["filter"].errors
        assert noms(reponse) == []
        assert "Aucun organisme ne correspond à « abc »" in reponse.content.decode()


def test_liste_requetes_constantes(client_de, agent, ref, organisme):
    client = client_de(agent)
    client.get(LISTE)
    ServiceFactory.create_batch(3, organisme=organisme, statuts_vises=ref["statuts"])
    with CaptureQueriesContext(connection) as peu:
        client.get(LISTE)
    ServiceFactory.create_batch(40, statuts_vises=ref["statuts"])
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(LISTE)
    assert len(peu) == len(beaucoup)


def test_detail(client_de, gestionnaire, service, organisme, ref):
    subvention = SubventionFactory(numero="BINAM-2026-077", organisme=organisme)
    FinancementFactory(
        subvention=subvention, service=service, participants_cibles=120, montant=Decimal("12500")
    )
    reponse = client_de(gestionnaire).get(detail(service))
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    for attendu in [
        escape(service.rubrique.nom), escape(ref["statuts"][0].nom),
        escape(ref["territoires"][0].nom), "Station Nouveau Départ",
        f'href="{organisme.get_absolute_url()}"', f'href="{subvention.get_absolute_url()}"',
        "BINAM-2026-077", ">120<", "12\u00a0500,00\u00a0$", "Historique des modifications",
    ]:  # fmt: skip
        assert attendu in contenu, attendu


def test_detail_historique_lisible(client_de, agent, gestionnaire, service, organisme, ref):
    client_de(agent).post(modifier(service), donnees(ref, organisme, nom="Accueil renommé"))
    reponse = client_de(gestionnaire).get(detail(service))
    entrees = reponse.context["historique"]
    assert entrees[0].type == "Modification" and entrees[0].auteur == agent
    changements = {c.champ: c.nouveau for c in entrees[0].changements}
    assert changements["Nom du service"] == "Accueil renommé"
    assert "Accueil renommé" in reponse.content.decode()


def test_historique_statuts_vises_par_leur_nom(client_de, agent, service, organisme, ref):
    # simple-history stores m2m as through rows; the history must show the statuses' names.
    client_de(agent).post(
        modifier(service), donnees(ref, organisme, statuts_vises=[ref["statuts"][1].pk])
    )
    entrees = client_de(agent).get(detail(service)).context["historique"]
    (changement,) = [c for c in entrees[0].changements if c.champ.startswith("Statuts")]
    assert changement.nouveau == ref["statuts"][1].nom
