"""Every PDF, read back with pypdf: Letter paper, every font embedded, long names whole, counts
with their thousands separator, no parentheses inside parentheses, dates "1er".

The documents are built once for the module (by the first test that asks, in its rolled-back
transaction) and only their bytes are kept."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from rapports.documents.annuel import rapport_annuel
from rapports.documents.convention import convention_subvention
from rapports.documents.fiche import fiche_subvention
from rapports.documents.releve import releve_organisme
from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    ObligationFactory,
    OrganismeFactory,
    ProgrammeFactory,
    ServiceFinanceFactory,
    UserFactory,
    VersementFactory,
    subvention_repartie,
)

S = Subvention.Statut
NOM_LONG = (
    "Carrefour interculturel d'accueil, d'orientation et d'accompagnement des familles "
    "nouvellement arrivées de Côte-des-Neiges–Notre-Dame-de-Grâce et des quartiers voisins"
)
TITRE_LONG = (
    "Accompagnement personnalisé vers l'emploi, le logement et la francisation des personnes "
    "réfugiées et demandeuses d'asile, avec garde d'enfants pendant les ateliers"
)


_DEJA_FAITS = {}


@pytest.fixture
def documents(db):
    """{name: PdfReader} for the fiche, the convention (before signing), the relevé and the
    annual report of one grant whose organisation and project have long names."""
    if not _DEJA_FAITS:
        _DEJA_FAITS.update(_construire())
    return _DEJA_FAITS


def _construire():
    resultat = {}
    gestionnaire = UserFactory(username="gestionnaire-papier", roles=["gestionnaire"])
    programme = ProgrammeFactory(nom="Montréal inclusive", code="papier-inclusive")
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("900000"))
    organisme = OrganismeFactory(nom_legal=NOM_LONG)
    s = subvention_repartie(
        {2026: Decimal("120000.00")},
        programme=programme,
        organisme=organisme,
        statut=S.EN_COURS,
        titre=TITRE_LONG,
        date_debut=datetime.date(2026, 1, 1),
        date_fin=datetime.date(2026, 12, 31),
        date_decision=datetime.date(2025, 12, 1),
        numero_resolution="CE25 1201",
    )
    ServiceFinanceFactory(subvention=s, participants_cibles=1385)
    VersementFactory(
        subvention=s,
        rang=1,
        montant=Decimal("60000.00"),
        date_prevue=datetime.date(2026, 12, 1),
    )
    ObligationFactory(
        subvention=s,
        type="rapport_final",
        periode_debut=datetime.date(2026, 1, 1),
        periode_fin=datetime.date(2026, 12, 31),
        date_echeance=datetime.date(2027, 3, 1),
    )
    a_signer = subvention_repartie(
        {2026: Decimal("50000.00")},
        programme=programme,
        organisme=organisme,
        statut=S.APPROUVEE,
        titre=TITRE_LONG,
    )
    ServiceFinanceFactory(subvention=a_signer, participants_cibles=2400)
    resultat["fiche"] = fiche_subvention(user=gestionnaire, subvention=s)
    resultat["convention"] = convention_subvention(user=gestionnaire, subvention=a_signer)
    resultat["releve"] = releve_organisme(user=gestionnaire, organisme=organisme)
    resultat["annuel"] = rapport_annuel(user=gestionnaire, programme=programme, exercice=2026)
    return {nom: PdfReader(io.BytesIO(contenu)) for nom, contenu in resultat.items()}


NOMS = ["fiche", "convention", "releve", "annuel"]


def texte(lecteur) -> str:
    """The text layer, no-break spaces read as spaces, lines joined: a name wrapped over two
    lines of a cell reads whole again."""
    brut = "\n".join(page.extract_text() for page in lecteur.pages)
    return re.sub(r"\s+", " ", brut.replace("\xa0", " ").replace("\u202f", " "))


@pytest.mark.parametrize("nom", NOMS)
def test_papier_lettre(documents, nom):
    for page in documents[nom].pages:
        largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(largeur), round(hauteur))) == [612, 792], (nom, largeur, hauteur)


def _polices(ressources, vues=None):
    """Every font dictionary reachable from a page's resources, its forms' included."""
    vues = vues if vues is not None else set()
    polices = ressources.get("/Font", {})
    for police in polices.values():
        yield police.get_object()
    for xobjet in ressources.get("/XObject", {}).values():
        xobjet = xobjet.get_object()
        if id(xobjet) not in vues and "/Resources" in xobjet:
            vues.add(id(xobjet))
            yield from _polices(xobjet["/Resources"].get_object(), vues)


@pytest.mark.parametrize("nom", NOMS)
def test_toutes_les_polices_incorporees(documents, nom):
    for numero, page in enumerate(documents[nom].pages, start=1):
        ressources = page["/Resources"].get_object()
        for police in _polices(ressources):
            descendantes = police.get("/DescendantFonts")
            cible = descendantes[0].get_object() if descendantes else police
            descripteur = cible.get("/FontDescriptor")
            assert descripteur is not None, (nom, numero, police.get("/BaseFont"))
            descripteur = descripteur.get_object()
            assert any(k in descripteur for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                nom,
                numero,
                police.get("/BaseFont"),
            )


@pytest.mark.parametrize("nom", NOMS)
def test_noms_longs_entiers(documents, nom):
    contenu = texte(documents[nom])
    assert "…" not in contenu
    assert NOM_LONG in contenu, nom
    if nom != "releve" or True:
        assert TITRE_LONG in contenu, nom


@pytest.mark.parametrize(("nom", "nombre"), [("fiche", "1 385"), ("convention", "2 400")])
def test_nombres_avec_separateur_de_milliers(documents, nom, nombre):
    contenu = texte(documents[nom])
    assert nombre in contenu
    assert nombre.replace(" ", "") not in contenu


def test_rapport_annuel_nombres_avec_separateur(documents):
    contenu = texte(documents["annuel"])
    # The targets of both grants, 1 385 and 2 400.
    assert "3 785" in contenu and "3785" not in contenu


@pytest.mark.parametrize("nom", NOMS)
def test_pas_de_parentheses_imbriquees(documents, nom):
    profondeur = 0
    for caractere in texte(documents[nom]):
        if caractere == "(":
            profondeur += 1
            assert profondeur == 1, nom
        elif caractere == ")":
            profondeur = max(0, profondeur - 1)


def test_convention_participants_rejoints(documents):
    contenu = texte(documents["convention"])
    assert "participants rejoints" in contenu
    assert "participants joints" not in contenu


def test_premier_du_mois(documents):
    contenu = texte(documents["fiche"])
    assert "1er décembre 2026" in contenu  # the instalment's date
    assert "1er décembre 2025" in contenu  # the resolution's date
    assert not re.search(r"\b1 (janvier|décembre)", contenu)
