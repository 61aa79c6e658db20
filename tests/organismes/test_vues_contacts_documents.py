"""Contacts and private documents through their pages."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from organismes.models import Contact, Document
from tests.factories import PDF_MINIMAL, ContactFactory, DocumentFactory

from .echantillons import DOCX


def test_ajouter_un_contact_principal_remplace_l_ancien(client_de, agent, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True)
    client = client_de(agent)
    page = client.get(f"/organismes/{organisme.pk}/contacts/ajouter/").content.decode()
    assert 'for="id_nom"' in page and 'for="id_principal"' in page
    reponse = client.post(
        f"/organismes/{organisme.pk}/contacts/ajouter/",
        {"nom": "Leïla Cherif", "courriel": "leila@exemple.org", "principal": "on"},
    )
    assert reponse.status_code == 302
    assert reponse.url == f"/organismes/{organisme.pk}/#contacts"
    ancien.refresh_from_db()
    assert not ancien.principal
    assert organisme.contacts.get(principal=True).nom == "Leïla Cherif"
    historique = client.get(f"/organismes/{organisme.pk}/historique/").content.decode()
    assert "<del>Oui</del>" in historique and "<ins>Non</ins>" in historique


def test_contact_invalide(client_de, agent, organisme):
    reponse = client_de(agent).post(
        f"/organismes/{organisme.pk}/contacts/ajouter/",
        {"nom": "", "courriel": "pas-un-courriel", "telephone": "123"},
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'class="resume-erreurs"' in contenu
    assert 'href="#id_nom"' in contenu and 'href="#id_telephone"' in contenu
    assert "Numéro de téléphone nord-américain attendu" in contenu
    assert organisme.contacts.count() == 0


def test_modifier_un_contact(client_de, agent, organisme):
    contact = ContactFactory(organisme=organisme, nom="Hugo Morin")
    url = f"/organismes/{organisme.pk}/contacts/{contact.pk}/modifier/"
    client = client_de(agent)
    assert 'value="Hugo Morin"' in client.get(url).content.decode()
    reponse = client.post(url, {"nom": "Hugo Morin", "fonction": "Direction", "telephone": ""})
    assert reponse.status_code == 302
    contact.refresh_from_db()
    assert contact.fonction == "Direction"


def test_designer_un_autre_contact_principal(client_de, agent, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True)
    contact = ContactFactory(organisme=organisme, nom="Rania Ouellet")
    url = f"/organismes/{organisme.pk}/contacts/{contact.pk}/modifier/"
    reponse = client_de(agent).post(url, {"nom": "Rania Ouellet", "principal": "on"})
    assert reponse.status_code == 302
    ancien.refresh_from_db()
    contact.refresh_from_db()
    assert contact.principal and not ancien.principal


def test_supprimer_demande_confirmation_par_post(client_de, agent, organisme):
    contact = ContactFactory(organisme=organisme, nom="Ana Joseph")
    url = f"/organismes/{organisme.pk}/contacts/{contact.pk}/supprimer/"
    client = client_de(agent)
    page = client.get(url).content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()  # GET only asks
    assert '<form method="post"' in page and '<button type="submit"' in page
    assert client.post(url).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_televerser_un_document(client_de, agent, organisme, stockage_prive):
    client = client_de(agent)
    url = f"/organismes/{organisme.pk}/documents/ajouter/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="date" name="date_validite"' in page
    assert 'accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt"' in page
    reponse = client.post(
        url,
        {
            "type": "etats_financiers",
            "titre": "États financiers 2025",
            "date_validite": "2026-12-31",
            "fichier": SimpleUploadedFile("etats.docx", DOCX),
        },
    )
    assert reponse.status_code == 302
    document = organisme.documents.get()
    assert document.date_validite == datetime.date(2026, 12, 31)
    assert document.televerse_par == agent
    assert (stockage_prive / document.fichier.name).read_bytes() == DOCX


def test_televersement_refuse_en_francais(client_de, agent, organisme):
    reponse = client_de(agent).post(
        f"/organismes/{organisme.pk}/documents/ajouter/",
        {
            "type": "autre",
            "titre": "Page web",
            "fichier": SimpleUploadedFile("page.pdf", b"<html>piege</html>"),
        },
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'href="#id_fichier"' in contenu
    assert "ne correspond pas à son extension .pdf" in contenu
    assert not Document.objects.exists()


def test_telechargement_prive(client_de, agent, organisme):
    document = DocumentFactory(organisme=organisme)
    reponse = client_de(agent).get(f"/organismes/{organisme.pk}/documents/{document.pk}/")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert document.nom_fichier in reponse["Content-Disposition"]
    assert "no-store" in reponse["Cache-Control"] and "private" in reponse["Cache-Control"]
    assert b"".join(reponse.streaming_content) == PDF_MINIMAL


def test_partenaire_telecharge_les_siens_seulement(
    client_de, partenaire, organisme, autre_organisme
):
    sien = DocumentFactory(organisme=organisme)
    etranger = DocumentFactory(organisme=autre_organisme)
    client = client_de(partenaire)
    reponse = client.get(f"/organismes/{organisme.pk}/documents/{sien.pk}/")
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == PDF_MINIMAL
    # Neither through the other organisation's URL nor by pairing its own id with a foreign doc.
    assert (
        client.get(f"/organismes/{autre_organisme.pk}/documents/{etranger.pk}/").status_code == 404
    )
    assert client.get(f"/organismes/{organisme.pk}/documents/{etranger.pk}/").status_code == 404


def test_fichier_jamais_sous_une_url_publique(client_de, agent, organisme, stockage_prive):
    document = DocumentFactory(organisme=organisme)
    chemin = Path(document.fichier.path).resolve()
    assert chemin.is_relative_to(stockage_prive.resolve())
    for public in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not chemin.is_relative_to(Path(public).resolve())
    url_stockage = document.fichier.url
    assert url_stockage.startswith("/interdit/")
    client = client_de(agent)
    assert client.get(url_stockage).status_code == 404
    assert client.get(f"/static/{document.fichier.name}").status_code == 404
    assert client.get(f"/media/{document.fichier.name}").status_code == 404


def test_fichier_disparu_404_et_fiche_affichee(client_de, agent, organisme):
    document = DocumentFactory(organisme=organisme)
    document.fichier.storage.delete(document.fichier.name)
    client = client_de(agent)
    assert client.get(f"/organismes/{organisme.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/organismes/{organisme.pk}/").status_code == 200
