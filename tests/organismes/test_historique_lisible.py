"""The organisation's history reads like the rest of the site, in French and in English:
field labels, people's full names, local dates and times, file names, translated reasons."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organismes import services
from organismes.models import Document
from tests.factories import PDF_MINIMAL, UserFactory
from tests.html import texte_de_page

MIDI_29_UTC = datetime.datetime(2026, 11, 27, 12, 29, 43, 411607, tzinfo=datetime.UTC)


@pytest.fixture
def historique(agent, organisme):
    agent.first_name, agent.last_name = "Karine", "Tremblay"
    agent.save()
    services.organisme_modifier(
        organisme=organisme, par=agent, version=None, neq="1166778899", actif=False
    )
    document = services.document_televerser(
        organisme=organisme,
        par=agent,
        type_document=Document.Type.ASSURANCE,
        titre="Assurance 2026",
        fichier=SimpleUploadedFile("assurance.pdf", PDF_MINIMAL),
        date_validite=datetime.date(2026, 11, 20),
    )
    Document.history.filter(id=document.pk).update(
        history_date=MIDI_29_UTC, televerse_le=MIDI_29_UTC
    )
    services.contact_ajouter(organisme=organisme, par=agent, nom="Ana Souza", principal=True)
    services.contact_ajouter(organisme=organisme, par=agent, nom="Mei Nguyen", principal=True)
    return document


def _page(client, organisme, langue):
    client.post("/langue/setlang/", {"language": langue, "next": "/"})
    reponse = client.get(f"/organismes/{organisme.pk}/historique/")
    assert reponse.status_code == 200
    return texte_de_page(reponse)


def _ligne(champ, avant, apres):
    return f'<th scope="row">{champ}</th><td><del>{avant}</del></td><td><ins>{apres}</ins></td>'


def test_historique_en_francais(client_de, agent, organisme, historique):
    contenu = _page(client_de(agent), organisme, "fr-ca")
    assert _ligne("NEQ", organisme.neq, "1166778899") in contenu
    assert _ligne("Actif", "Oui", "Non") in contenu
    assert _ligne("Téléversé par", "—", "Karine Tremblay") in contenu
    assert _ligne("Valide jusqu'au", "—", "20 novembre 2026") in contenu
    assert _ligne("Téléversé le", "—", "27 novembre 2026, 7\xa0h\xa029") in contenu
    assert _ligne("Fichier", "—", "assurance.pdf") in contenu
    assert _ligne("Type", "—", "Attestation d'assurance") in contenu
    assert _ligne("Organisme", "—", str(organisme)) in contenu
    assert "27 novembre 2026, 7\xa0h\xa029</strong>" in contenu  # the entry's local time
    assert "Remplacé comme contact principal par Mei Nguyen" in contenu
    chemin = historique.fichier.name  # organismes/<id>/assurance….pdf
    for brut in ("2026-11-20", "+00:00", "12:29", chemin, "Neq", ">agent-test<"):
        assert brut not in contenu


def test_historique_en_anglais(client_de, agent, organisme, historique):
    contenu = _page(client_de(agent), organisme, "en")
    assert _ligne("NEQ", organisme.neq, "1166778899") in contenu
    assert _ligne("Active", "Yes", "No") in contenu
    assert _ligne("Uploaded by", "—", "Karine Tremblay") in contenu
    assert _ligne("Valid until", "—", "November 20, 2026") in contenu
    assert _ligne("Uploaded on", "—", "November 27, 2026, 07:29") in contenu
    assert _ligne("File", "—", "assurance.pdf") in contenu
    assert _ligne("Organization", "—", str(organisme)) in contenu
    assert "Replaced as main contact by Mei Nguyen" in contenu
    for francais in ("Création", "Modification", "Remplacé", "Oui", "Téléversé"):
        assert francais not in contenu


def test_raison_enregistree_en_anglais_lue_en_francais(client_de, agent, organisme):
    """A reason saved while the actor browsed in English reads in French for a French reader."""
    contact = services.contact_ajouter(organisme=organisme, par=agent, nom="Ana Souza")
    contact.history.update(history_change_reason="Replaced as main contact by Mei Nguyen")
    contenu = _page(client_de(agent), organisme, "fr-ca")
    assert "Remplacé comme contact principal par Mei Nguyen" in contenu


def test_auteur_sans_nom_complet_par_son_identifiant(client_de, agent, organisme):
    anonyme = UserFactory(username="sans-nom", first_name="", last_name="", roles=["agent"])
    services.organisme_modifier(organisme=organisme, par=anonyme, version=None, actif=False)
    assert "par sans-nom" in _page(client_de(agent), organisme, "fr-ca")
