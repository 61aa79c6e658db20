"""Every page × every role × own/foreign organisation (expected HTTP status)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from organismes.models import Contact, Organisme
from tests.factories import (
    ContactFactory,
    DocumentFactory,
    UserFactory,
    compte_de_test,
    organisme_de_test,
    partenaire_de_test,
)
from tests.organismes.conftest import reglages_prives
from tests.partage import donnees_du_module

AVEC_OBJET = [
    "detail",
    "modifier",
    "historique",
    "contact_ajouter",
    "contact_modifier",
    "contact_supprimer",
    "document_ajouter",
    "document",
]
SANS_OBJET = ["liste", "creer"]
LECTURE_PERSONNEL = {"liste", "detail", "historique", "document"}

ATTENDU = {
    # role: {page: status}; a partner's foreign organisation is checked separately (404).
    "agent": dict.fromkeys(SANS_OBJET + AVEC_OBJET, 200),
    "gestionnaire": {p: 200 if p in LECTURE_PERSONNEL else 403 for p in SANS_OBJET + AVEC_OBJET},
    "administrateur": {p: 200 if p in LECTURE_PERSONNEL else 403 for p in SANS_OBJET + AVEC_OBJET},
    "partenaire": {p: 200 if p in {"detail", "document"} else 403 for p in SANS_OBJET + AVEC_OBJET},
}


def _url(page, organisme=None):
    if page in SANS_OBJET:
        return reverse(f"organismes:{page}")
    kwargs = {"pk": organisme.pk}
    if page.startswith("contact_") and page != "contact_ajouter":
        kwargs["cpk"] = organisme.contacts.get().pk
    if page == "document":
        kwargs["dpk"] = organisme.documents.get().pk
    return reverse(f"organismes:{page}", kwargs=kwargs)


def _statut(client, url):
    reponse = client.get(url)
    if reponse.streaming:
        # A download is a FileResponse: read to its end, as a server would, which releases its
        # file. Not `reponse.close()`: outside the test client it signals the request's end,
        # and Django closes the database connection in the middle of the transaction that
        # holds the module's data (PostgreSQL; SQLite's in-memory base never closes).
        b"".join(reponse.streaming_content)
    return reponse.status_code


def _construire():
    """The users of the role fixtures (tests/conftest.py, same names) and two organisations,
    each with its main contact and a document; the partner belongs to the first."""
    ids = {role: compte_de_test(role).pk for role in ("agent", "gestionnaire", "administrateur")}
    organismes = (organisme_de_test("organisme"), organisme_de_test("autre_organisme"))
    ids["partenaire"] = partenaire_de_test(organismes[0]).pk
    for o in organismes:
        ContactFactory(organisme=o, principal=True)
        DocumentFactory(organisme=o)
    return {**ids, "organismes": [o.pk for o in organismes]}


@pytest.fixture(scope="module")
def donnees(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module: its cases read them, and what a case writes goes with its
    savepoint (tests/partage.py). The fixtures below give each case fresh instances."""
    racine = tmp_path_factory.mktemp("prive")
    with (
        override_settings(**reglages_prives(racine)),
        donnees_du_module(django_db_blocker, _construire) as ids,
    ):
        yield {**ids, "racine": racine}


@pytest.fixture(autouse=True)
def stockage_prive(settings, donnees):
    """The module's documents are stored once, in the module's private directory."""
    for nom, valeur in reglages_prives(donnees["racine"]).items():
        setattr(settings, nom, valeur)
    return donnees["racine"]


def _utilisateur(donnees, role):
    return get_user_model().objects.get(pk=donnees[role])


@pytest.fixture
def agent(db, donnees):
    return _utilisateur(donnees, "agent")


@pytest.fixture
def gestionnaire(db, donnees):
    return _utilisateur(donnees, "gestionnaire")


@pytest.fixture
def administrateur(db, donnees):
    return _utilisateur(donnees, "administrateur")


@pytest.fixture
def partenaire(db, donnees):
    return _utilisateur(donnees, "partenaire")


@pytest.fixture
def fiches(db, donnees):
    return tuple(Organisme.objects.get(pk=pk) for pk in donnees["organismes"])


@pytest.mark.parametrize("page", SANS_OBJET + AVEC_OBJET)
def test_anonyme_va_a_la_connexion(client_de, fiches, page):
    url = _url(page, fiches[0])
    reponse = client_de(None).get(url)
    assert reponse.status_code == 302
    assert reponse.url.startswith("/connexion/?next=")


@pytest.mark.parametrize("role", sorted(ATTENDU))
@pytest.mark.parametrize("page", SANS_OBJET + AVEC_OBJET)
def test_statut_par_role(client_de, request, fiches, partenaire, role, page):
    user = request.getfixturevalue(role)
    propre = fiches[0]  # the partner's own organisation; any organisation for staff
    assert _statut(client_de(user), _url(page, propre)) == ATTENDU[role][page]


@pytest.mark.parametrize("role", ["agent", "gestionnaire", "administrateur"])
@pytest.mark.parametrize("page", AVEC_OBJET)
def test_personnel_voit_tous_les_organismes(client_de, request, fiches, role, page):
    user = request.getfixturevalue(role)
    assert _statut(client_de(user), _url(page, fiches[1])) == ATTENDU[role][page]


@pytest.mark.parametrize("page", AVEC_OBJET)
def test_partenaire_organisme_etranger_404(client_de, fiches, partenaire, page):
    assert client_de(partenaire).get(_url(page, fiches[1])).status_code == 404


@pytest.mark.parametrize("page", AVEC_OBJET)
def test_utilisateur_sans_role_404(client_de, fiches, page):
    sans_role = UserFactory(username="sans-role")
    assert client_de(sans_role).get(_url(page, fiches[0])).status_code == 404


def test_utilisateur_sans_role_liste_403(client_de, db):
    assert client_de(UserFactory(username="sans-role")).get("/organismes/").status_code == 403


def test_contact_ou_document_d_un_autre_organisme_404(client_de, agent, fiches):
    organisme, autre = fiches
    client = client_de(agent)
    contact_etranger = autre.contacts.get().pk
    document_etranger = autre.documents.get().pk
    base = f"/organismes/{organisme.pk}"
    assert client.get(f"{base}/contacts/{contact_etranger}/modifier/").status_code == 404
    assert client.get(f"{base}/contacts/{contact_etranger}/supprimer/").status_code == 404
    assert client.post(f"{base}/contacts/{contact_etranger}/supprimer/").status_code == 404
    assert client.get(f"{base}/documents/{document_etranger}/").status_code == 404
    assert Contact.objects.filter(pk=contact_etranger).exists()


@pytest.mark.parametrize("role", ["gestionnaire", "administrateur", "partenaire"])
def test_ecritures_refusees_hors_agents(client_de, request, fiches, role):
    user = request.getfixturevalue(role)
    organisme = fiches[0]
    contact = organisme.contacts.get()
    client = client_de(user)
    donnees = {"nom_legal": "Piraté", "neq": "1199999999", "version": organisme.version}
    assert client.post("/organismes/nouveau/", donnees).status_code == 403
    assert client.post(f"/organismes/{organisme.pk}/modifier/", donnees).status_code == 403
    assert (
        client.post(f"/organismes/{organisme.pk}/contacts/ajouter/", {"nom": "X"}).status_code
        == 403
    )
    url_suppression = f"/organismes/{organisme.pk}/contacts/{contact.pk}/supprimer/"
    assert client.post(url_suppression).status_code == 403
    assert not Organisme.objects.filter(nom_legal="Piraté").exists()
    organisme.refresh_from_db()
    assert organisme.nom_legal != "Piraté"
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert organisme.contacts.count() == 1


def test_partenaire_ecritures_sur_organisme_etranger_404(client_de, fiches, partenaire):
    autre = fiches[1]
    client = client_de(partenaire)
    contact = autre.contacts.get()
    donnees = {"nom_legal": "Piraté", "neq": autre.neq, "version": autre.version}
    assert client.post(f"/organismes/{autre.pk}/modifier/", donnees).status_code == 404
    url_suppression = f"/organismes/{autre.pk}/contacts/{contact.pk}/supprimer/"
    assert client.post(url_suppression).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
