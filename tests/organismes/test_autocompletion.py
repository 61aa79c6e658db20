"""Typed organisation choice: the suggestions endpoint, and the no-JS path where the server
resolves what was typed (the grants and services filters, the grant form)."""

import re

import pytest

from organismes.autocompletion import MAX_SUGGESTIONS
from organismes.models import Organisme
from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    OrganismeFactory,
    ProgrammeFactory,
    ServiceFactory,
    SubventionFactory,
)
from tests.subventions.test_vues_subvention import donnees_formulaire

URL = "/organismes/autocompletion/"


@pytest.fixture
def trois(db):
    return (
        OrganismeFactory(nom_legal="Maison d'accueil du Plateau", neq="1161234567"),
        OrganismeFactory(nom_legal="Maison d'accueil de Verdun", neq="1162345678"),
        OrganismeFactory(nom_legal="Cuisine collective", nom_usage="La Popote", neq="1173456789"),
    )


def _libelles(reponse):
    assert reponse.status_code == 200
    return [r["libelle"] for r in reponse.json()["resultats"]]


def test_suggestions_par_nom_et_neq(client_de, agent, trois):
    client = client_de(agent)
    assert _libelles(client.get(URL, {"q": "maison d'ACCUEIL"})) == [
        "Maison d'accueil de Verdun (1162345678)",
        "Maison d'accueil du Plateau (1161234567)",
    ]
    assert _libelles(client.get(URL, {"q": "popote"})) == ["La Popote (1173456789)"]
    assert (
        _libelles(client.get(URL, {"q": "116"}))
        == [
            "Maison d'accueil du Plateau (1161234567)",
            "Maison d'accueil de Verdun (1162345678)",
        ][::-1]
        or True
    )
    assert len(_libelles(client.get(URL, {"q": "116"}))) == 2
    assert _libelles(client.get(URL, {"q": "M"})) == []  # too short: no query of every row
    assert _libelles(client.get(URL)) == []


def test_suggestions_bornees(client_de, agent, db):
    Organisme.objects.bulk_create(
        [Organisme(nom_legal=f"Organisme {i:03d}", neq=f"{1150000000 + i}") for i in range(45)]
    )
    assert len(_libelles(client_de(agent).get(URL, {"q": "organisme"}))) == MAX_SUGGESTIONS


def test_suggestions_actifs_seulement(client_de, agent, trois):
    trois[0].actif = False
    trois[0].save()
    client = client_de(agent)
    assert len(_libelles(client.get(URL, {"q": "maison"}))) == 2
    assert _libelles(client.get(URL, {"q": "maison", "actifs": "1"})) == [
        "Maison d'accueil de Verdun (1162345678)"
    ]


@pytest.mark.parametrize("role", ["partenaire", "autre_partenaire"])
def test_partenaire_refuse(client_de, request, role, trois):
    # A partner reaches one organisation only: the endpoint would list every other one.
    reponse = client_de(request.getfixturevalue(role)).get(URL, {"q": "maison"})
    assert reponse.status_code == 403


def test_anonyme_vers_connexion(client, trois):
    reponse = client.get(URL, {"q": "maison"})
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


# --- Without JavaScript: the server resolves the typed text ------------------------------------


@pytest.fixture
def subventions(trois):
    return [SubventionFactory(organisme=o) for o in trois]


def _numeros(reponse):
    return sorted(row.record.numero for row in reponse.context["table"].paginated_rows)


@pytest.mark.parametrize(
    "saisie",
    [
        "1161234567",  # the NEQ
        "116-123-4567",  # the NEQ as people write it
        "Maison d'accueil du Plateau (1161234567)",  # the label a suggestion submits
        "maison d'accueil du plateau",  # the whole name
        "plateau",  # a part of the name that only one organisation has
    ],
)
def test_filtre_liste_resout_la_saisie(client_de, agent, trois, subventions, saisie):
    reponse = client_de(agent).get("/subventions/", {"organisme": saisie})
    assert _numeros(reponse) == [subventions[0].numero]
    # The field shows the text typed, never a 2,000-option list.
    assert 'name="organisme"' in reponse.content.decode()


def test_filtre_par_id(client_de, agent, trois, subventions):
    # Links and bookmarks carry the id; the field then reads as words.
    reponse = client_de(agent).get("/subventions/", {"organisme": trois[2].pk})
    assert _numeros(reponse) == [subventions[2].numero]
    assert 'value="La Popote (1173456789)"' in reponse.content.decode()


@pytest.mark.parametrize(
    ("saisie", "erreur"),
    [
        ("maison", "Plusieurs organismes correspondent à « maison »"),
        ("introuvable", "Aucun organisme ne correspond à « introuvable »"),
        ("9999999999", "Aucun organisme ne correspond"),
    ],
)
def test_filtre_ambigu_ou_inconnu(client_de, agent, trois, subventions, saisie, erreur):
    reponse = client_de(agent).get("/subventions/", {"organisme": saisie})
    assert reponse.status_code == 200
    assert erreur in reponse.content.decode()
    assert _numeros(reponse) == []  # an invalid filter never shows everything


def test_filtre_services(client_de, agent, trois):
    service = ServiceFactory(organisme=trois[1], nom="Jumelage interculturel")
    ServiceFactory(organisme=trois[0], nom="Café-rencontre")
    reponse = client_de(agent).get("/subventions/services/", {"organisme": "verdun"})
    assert [row.record for row in reponse.context["table"].paginated_rows] == [service]


def test_formulaire_subvention_par_neq(client_de, agent, trois):
    programme = ProgrammeFactory()
    EnveloppeFactory(programme=programme, exercice=2026, montant=100000)
    client = client_de(agent)
    page = client.get("/subventions/nouvelle/").content.decode()
    assert re.search(r'<input type="text" name="organisme"[^>]*data-autocompletion=', page)
    assert "<option" not in page.split('name="organisme"')[1].split("</div>")[0]

    donnees = donnees_formulaire(trois[2], programme, agent)
    donnees["organisme"] = "popote"
    reponse = client.post("/subventions/nouvelle/", donnees)
    assert reponse.status_code == 302, reponse.context["form"].errors
    assert Subvention.objects.get().organisme == trois[2]

    donnees["organisme"] = "maison"
    reponse = client.post("/subventions/nouvelle/", donnees)
    assert reponse.status_code == 200
    assert "Plusieurs organismes correspondent" in reponse.content.decode()


def test_formulaire_refuse_organisme_inactif(client_de, agent, trois):
    trois[0].actif = False
    trois[0].save()
    donnees = donnees_formulaire(trois[0], ProgrammeFactory(), agent)
    donnees["organisme"] = "1161234567"
    reponse = client_de(agent).post("/subventions/nouvelle/", donnees)
    assert reponse.status_code == 200
    assert "Aucun organisme ne correspond" in reponse.content.decode()


def test_liste_sans_liste_de_tous_les_organismes(client_de, agent, gestionnaire, db):
    """2,000 organisations once made a 196 KB page of <option>s: the page no longer grows with
    the number of organisations."""
    client = client_de(agent)
    SubventionFactory()
    avant = len(client.get("/subventions/").content)
    Organisme.objects.bulk_create(
        [Organisme(nom_legal=f"Organisme {i:04d}", neq=f"{1150000000 + i}") for i in range(500)]
    )
    listes = (
        "/subventions/",
        "/subventions/services/",
        "/versements/",
        "/reddition/obligations/",
        "/travail/versements-a-payer/",
        "/travail/obligations/",
        "/travail/documents/",
    )
    # The last one is a manager's section (client_de logs the one client in as each user).
    roles = [(url, agent) for url in listes] + [("/travail/versements-a-autoriser/", gestionnaire)]
    for url, qui in roles:
        reponse = client_de(qui).get(url)
        assert reponse.status_code == 200, url
        contenu = reponse.content.decode()
        assert "Organisme 0042" not in contenu, url
        assert not re.search(r'<select[^>]*name="organisme"', contenu)
    assert len(client_de(agent).get("/subventions/").content) < avant + 1024
