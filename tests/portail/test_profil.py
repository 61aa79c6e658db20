"""The partner keeps its own profile up to date: contact details, contacts, documents. Never its
identity or anything with money; never another organisation's; every change in the history
with the partner as its author, and the agent sees that the organisation changed it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organismes import services
from organismes.models import Contact, Document, Organisme
from subventions.models import Subvention
from tests.factories import PDF_MINIMAL, ContactFactory, DocumentFactory, SubventionFactory

PROFIL = "/portail/profil/"


def pdf(nom="attestation.pdf"):
    return SimpleUploadedFile(nom, PDF_MINIMAL, content_type="application/pdf")


def test_la_page_profil_montre_fiche_contacts_et_documents(client, partenaire, organisme):
    ContactFactory(organisme=organisme, nom="Fatou Ndiaye", principal=True)
    DocumentFactory(organisme=organisme, titre="Lettres patentes 1998")
    client.force_login(partenaire)
    page = client.get(PROFIL).content.decode()
    assert organisme.neq in page and "Fatou Ndiaye" in page and "Lettres patentes 1998" in page
    for url in ("/portail/profil/modifier/", "/portail/profil/contacts/ajouter/"):
        assert f'href="{url}"' in page


def test_modifier_ses_coordonnees_sans_toucher_au_reste(client, partenaire, organisme):
    subvention = SubventionFactory(organisme=organisme, statut=Subvention.Statut.EN_ANALYSE)
    avant = Organisme.objects.get(pk=organisme.pk)
    client.force_login(partenaire)
    page = client.get("/portail/profil/modifier/").content.decode()
    assert 'name="neq"' not in page and 'name="nom_legal"' not in page
    assert 'for="id_adresse"' in page and 'for="id_mission"' in page
    reponse = client.post(
        "/portail/profil/modifier/",
        {
            "version": avant.version,
            "adresse": "1234, rue Jean-Talon Est",
            "code_postal": "h2e1s3",
            "telephone": "514 555-0101",
            "courriel": "accueil@exemple.org",
            "site_web": "exemple.org",
            "mission": "Accueillir les personnes nouvellement arrivées.",
            # Not the partner's to change: ignored.
            "nom_legal": "Autre nom",
            "neq": "1199999999",
            "forme_juridique": "cooperative",
            "actif": "",
            "montant_accorde": "999999",
        },
    )
    assert reponse.status_code == 302 and reponse.url == PROFIL
    apres = Organisme.objects.get(pk=organisme.pk)
    assert apres.adresse == "1234, rue Jean-Talon Est" and apres.code_postal == "H2E 1S3"
    assert apres.site_web == "https://exemple.org"
    assert (apres.nom_legal, apres.neq, apres.forme_juridique, apres.actif) == (
        avant.nom_legal,
        avant.neq,
        avant.forme_juridique,
        avant.actif,
    )
    subvention.refresh_from_db()
    assert subvention.montant_accorde == Decimal("40000.00")
    derniere = apres.history.first()
    assert derniere.history_user == partenaire
    assert derniere.history_change_reason == "Modifié par l'organisme"


def test_erreurs_en_francais_liees_aux_champs(client, partenaire, organisme):
    client.force_login(partenaire)
    reponse = client.post(
        "/portail/profil/modifier/",
        {"version": organisme.version, "code_postal": "K1A 0B1", "courriel": "pas-un-courriel"},
    )
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert 'id="resume-erreurs"' in page
    assert 'href="#id_code_postal"' in page and 'href="#id_courriel"' in page
    assert Organisme.objects.get(pk=organisme.pk).courriel == organisme.courriel


def test_une_version_perimee_ne_remplace_pas_le_travail_d_un_autre(
    client, partenaire, organisme, agent
):
    version = organisme.version
    services.organisme_modifier(organisme=organisme, par=agent, version=version, mission="A")
    client.force_login(partenaire)
    reponse = client.post("/portail/profil/modifier/", {"version": version, "mission": "B"})
    assert reponse.status_code == 200
    assert Organisme.objects.get(pk=organisme.pk).mission == "A"


@pytest.mark.parametrize(
    "champ, valeur",
    [("neq", "1199999999"), ("nom_legal", "Autre"), ("actif", False), ("forme_juridique", "autre")],
)
def test_le_service_refuse_les_champs_interdits(partenaire, organisme, champ, valeur):
    with pytest.raises(TypeError):
        services.organisme_modifier_profil(
            organisme=organisme, par=partenaire, version=organisme.version, **{champ: valeur}
        )
    assert Organisme.objects.get(pk=organisme.pk).version == organisme.version


def test_contacts_ajouter_modifier_supprimer(client, partenaire, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True, nom="Ancien Principal")
    client.force_login(partenaire)
    reponse = client.post(
        "/portail/profil/contacts/ajouter/",
        {"nom": "Leïla Cherif", "courriel": "leila@exemple.org", "principal": "on"},
    )
    assert reponse.status_code == 302 and reponse.url == PROFIL + "#contacts"
    nouveau = organisme.contacts.get(principal=True)
    assert nouveau.nom == "Leïla Cherif"
    ancien.refresh_from_db()
    assert not ancien.principal
    assert nouveau.history.first().history_user == partenaire
    url = f"/portail/profil/contacts/{nouveau.pk}/modifier/"
    assert client.post(url, {"nom": "Leïla Cherif", "fonction": "Directrice"}).status_code == 302
    nouveau.refresh_from_db()
    assert nouveau.fonction == "Directrice" and not nouveau.principal
    url = f"/portail/profil/contacts/{ancien.pk}/supprimer/"
    assert "Ancien Principal" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Contact.objects.filter(pk=ancien.pk).exists()
    assert Contact.history.filter(id=ancien.pk, history_type="-").get().history_user == partenaire


def test_le_contact_d_un_autre_organisme_est_introuvable(client, partenaire, autre_organisme):
    etranger = ContactFactory(organisme=autre_organisme, nom="Contact B", principal=True)
    client.force_login(partenaire)
    for action in ("modifier", "supprimer"):
        url = f"/portail/profil/contacts/{etranger.pk}/{action}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"nom": "Pirate", "principal": "on"}).status_code == 404
    etranger.refresh_from_db()
    assert etranger.nom == "Contact B" and etranger.principal


def test_ajouter_puis_remplacer_un_document(client, partenaire, organisme, agent):
    client.force_login(partenaire)
    reponse = client.post(
        "/portail/profil/documents/ajouter/",
        {
            "type": "assurance",
            "titre": "Attestation d'assurance 2026",
            "fichier": pdf(),
            "date_validite": "2026-12-31",
        },
    )
    assert reponse.status_code == 302 and reponse.url == PROFIL + "#documents"
    ancien = Document.objects.get(organisme=organisme)
    assert ancien.televerse_par == partenaire
    url = f"/portail/profil/documents/{ancien.pk}/remplacer/"
    reponse = client.post(
        url, {"fichier": pdf("assurance-2027.pdf"), "date_validite": "2027-12-31"}
    )
    assert reponse.status_code == 302
    nouveau = Document.objects.get(remplace=ancien)
    assert nouveau.titre == ancien.titre and nouveau.type == "assurance"
    assert nouveau.date_validite == datetime.date(2027, 12, 31)
    assert nouveau.history.first().history_user == partenaire
    # The old version keeps its file; both pages list it apart from the version in force.
    ancien.refresh_from_db()
    assert ancien.fichier.storage.exists(ancien.fichier.name)
    assert list(organisme.documents.courants()) == [nouveau]
    page = client.get(PROFIL).content.decode()
    assert f"/organismes/{organisme.pk}/documents/{ancien.pk}/" in page
    assert f"/portail/profil/documents/{ancien.pk}/remplacer/" not in page
    assert client.get(f"/organismes/{organisme.pk}/documents/{ancien.pk}/").status_code == 200
    # A replaced version is not replaced twice.
    assert client.post(url, {"fichier": pdf()}).status_code == 404
    assert Document.objects.filter(organisme=organisme).count() == 2
    client.force_login(agent)
    fiche = client.get(f"/organismes/{organisme.pk}/").content.decode()
    assert "Versions remplacées" in fiche
    assert "Modifié par l'organisme le" in fiche


def test_remplacement_refuse_en_francais(client, partenaire, organisme):
    document = DocumentFactory(organisme=organisme)
    client.force_login(partenaire)
    faux = SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 pas un pdf", content_type="application/pdf")
    reponse = client.post(f"/portail/profil/documents/{document.pk}/remplacer/", {"fichier": faux})
    assert reponse.status_code == 200
    assert 'id="resume-erreurs"' in reponse.content.decode()
    assert not Document.objects.filter(remplace=document).exists()


def test_le_document_d_un_autre_organisme_est_introuvable(client, partenaire, autre_organisme):
    etranger = DocumentFactory(organisme=autre_organisme)
    client.force_login(partenaire)
    url = f"/portail/profil/documents/{etranger.pk}/remplacer/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"fichier": pdf()}).status_code == 404
    assert not Document.objects.filter(remplace=etranger).exists()


def test_le_service_refuse_un_second_remplacement(partenaire, organisme):
    document = DocumentFactory(organisme=organisme)
    services.document_remplacer(document=document, par=partenaire, fichier=pdf())
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.document_remplacer(document=document, par=partenaire, fichier=pdf())
    assert Document.objects.filter(organisme=organisme).count() == 2


def test_l_agent_voit_ce_que_l_organisme_a_modifie(client, partenaire, organisme, agent):
    client.force_login(agent)
    fiche = f"/organismes/{organisme.pk}/"
    services.organisme_modifier(organisme=organisme, par=agent, version=None, mission="Par l'agent")
    assert "Modifié par l" not in client.get(fiche).content.decode()
    services.contact_ajouter(organisme=organisme, par=partenaire, nom="Nouveau contact")
    assert "Modifié par l'organisme le" in client.get(fiche).content.decode()


def test_le_personnel_n_ouvre_pas_le_profil_du_portail(client, agent):
    client.force_login(agent)
    assert client.get(PROFIL).status_code == 403
    assert client.post("/portail/profil/modifier/", {"mission": "x"}).status_code == 403
