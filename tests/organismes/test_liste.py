"""The staff list of organisations: filters, exports, and a query count that does not grow."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from referentiel.models import Territoire
from tests.factories import OrganismeFactory, RepartitionFactory, SubventionFactory


@pytest.fixture
def repertoire(db):
    arrondissements = list(Territoire.objects.filter(type="arrondissement")[:3])
    a = OrganismeFactory(
        nom_legal="Alpha accueil", neq="1140000101", arrondissement=arrondissements[0]
    )
    b = OrganismeFactory(
        nom_legal="Bêta entraide",
        nom_usage="Zeta",
        neq="1140000102",
        arrondissement=arrondissements[1],
    )
    c = OrganismeFactory(
        nom_legal="Gamma inactif", neq="1140000103", arrondissement=arrondissements[2], actif=False
    )
    b.territoires_desservis.set([arrondissements[0]])
    for exercice, organisme in ((2025, a), (2026, a), (2026, b)):
        subvention = SubventionFactory(
            organisme=organisme, statut="en_cours", montant_accorde=Decimal("1000.00")
        )
        RepartitionFactory(subvention=subvention, exercice=exercice, montant=Decimal("1000.00"))
    return {"a": a, "b": b, "c": c, "arr": arrondissements}


def _noms(reponse):
    return [str(o) for o in reponse.context["table"].data]


def test_bouton_nouvel_organisme_pour_les_agents(client_de, agent, gestionnaire):
    assert 'href="/organismes/nouveau/"' in client_de(agent).get("/organismes/").content.decode()
    contenu = client_de(gestionnaire).get("/organismes/").content.decode()
    assert 'href="/organismes/nouveau/"' not in contenu


@pytest.mark.parametrize(
    ("parametres", "attendus"),
    [
        ({}, {"Alpha accueil", "Zeta", "Gamma inactif"}),
        ({"q": "bêta"}, {"Zeta"}),
        ({"q": "zeta"}, {"Zeta"}),
        ({"q": "1140000103"}, {"Gamma inactif"}),
        ({"actif": "false"}, {"Gamma inactif"}),
        ({"actif": "true"}, {"Alpha accueil", "Zeta"}),
        ({"exercice": "2026"}, {"Alpha accueil", "Zeta"}),
        ({"exercice": "2025"}, {"Alpha accueil"}),
        ({"exercice": "2030"}, set()),
    ],
)
def test_filtres(client_de, agent, repertoire, parametres, attendus):
    reponse = client_de(agent).get("/organismes/", parametres)
    assert set(_noms(reponse)) == attendus
    # Each organisation appears once even when several grants match.
    assert len(_noms(reponse)) == len(attendus)


def test_filtres_par_territoire(client_de, agent, repertoire):
    arr = repertoire["arr"]
    client = client_de(agent)
    assert _noms(client.get("/organismes/", {"arrondissement": arr[1].pk})) == ["Zeta"]
    assert _noms(client.get("/organismes/", {"territoire_desservi": arr[0].pk})) == ["Zeta"]


def test_filtre_exercice_ne_fausse_pas_les_chiffres(client_de, agent, repertoire):
    reponse = client_de(agent).get("/organismes/", {"exercice": "2026"})
    alpha = next(o for o in reponse.context["table"].data if o.nom_legal == "Alpha accueil")
    assert alpha.nb_subventions == 2
    assert alpha.total_accorde == Decimal("2000.00")


def test_tri_sur_le_nom_affiche(client_de, agent, repertoire):
    # "Bêta entraide" shows as "Zeta" (nom d'usage): the order follows what is on screen.
    assert _noms(client_de(agent).get("/organismes/")) == ["Alpha accueil", "Gamma inactif", "Zeta"]
    decroissant = client_de(agent).get("/organismes/", {"sort": "-nom_legal"})
    assert _noms(decroissant) == ["Zeta", "Gamma inactif", "Alpha accueil"]


def test_export_csv_filtre(client_de, agent, repertoire):
    reponse = client_de(agent).get("/organismes/", {"actif": "true", "_export": "csv"})
    assert reponse.status_code == 200
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte)))
    assert lignes[0] == [
        "Organisme",
        "NEQ",
        "Arrondissement",
        "Subventions",
        "Total accordé",
        "Actif",
    ]
    assert [ligne[0] for ligne in lignes[1:]] == ["Alpha accueil", "Bêta entraide"]
    assert lignes[1][4] == "2000.00"
    assert lignes[1][5] == "Oui"


def test_export_xlsx(client_de, agent, repertoire):
    reponse = client_de(agent).get("/organismes/", {"_export": "xlsx"})
    assert reponse.status_code == 200
    classeur = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    feuille = classeur.active
    lignes = list(feuille.iter_rows(values_only=True))
    assert lignes[0][0] == "Organisme"
    assert len(lignes) == 4
    alpha = next(ligne for ligne in lignes if ligne[0] == "Alpha accueil")
    assert alpha[4] == 2000  # a number, not text
    assert alpha[5] == "Oui"


def _requetes_liste(client, nombre):
    for _ in range(nombre):
        organisme = OrganismeFactory()
        organisme.territoires_desservis.set(Territoire.objects.all()[:2])
        SubventionFactory(organisme=organisme, statut="approuvee")
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/organismes/").status_code == 200
    return len(requetes)


def test_nombre_de_requetes_constant(client_de, agent):
    client = client_de(agent)
    client.get("/organismes/")  # the first page of a session does one-off work
    avec_5 = _requetes_liste(client, 5)
    avec_50 = _requetes_liste(client, 45)
    assert avec_5 == avec_50
