import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from noyau.versions import ConflitDeVersion
from organismes import services
from organismes.fichiers import TAILLE_MAX
from organismes.models import Contact, Document, Organisme
from referentiel.models import Territoire
from tests.factories import ContactFactory, OrganismeFactory

from .echantillons import CONTENUS, DOCX, PDF_MINIMAL, PNG_MINIMAL, ZIP_QUELCONQUE


def test_creer_normalise_et_historise(agent):
    territoires = list(Territoire.objects.all()[:2])
    organisme = services.organisme_creer(
        par=agent,
        nom_legal="Carrefour d'intégration de Montréal-Nord",
        neq="1145-678-901",
        code_postal="h1g3a1",
        telephone="514.555.0101",
        territoires_desservis=territoires,
    )
    organisme.refresh_from_db()
    assert organisme.neq == "1145678901"
    assert organisme.code_postal == "H1G 3A1"
    assert organisme.telephone == "514 555-0101"
    assert set(organisme.territoires_desservis.all()) == set(territoires)
    assert organisme.history.earliest().history_user == agent


def test_creer_refuse_neq_en_double(agent, organisme):
    with pytest.raises(ValidationError) as erreur:
        services.organisme_creer(par=agent, nom_legal="Copie", neq=organisme.neq)
    assert "neq" in erreur.value.message_dict
    assert Organisme.objects.filter(nom_legal="Copie").count() == 0


def test_creer_refuse_code_postal_hors_montreal(agent):
    with pytest.raises(ValidationError) as erreur:
        services.organisme_creer(
            par=agent, nom_legal="Rive-Sud", neq="1145678902", code_postal="J4K 1A1"
        )
    assert "code_postal" in erreur.value.message_dict


def test_champ_inconnu_refuse(agent, organisme):
    with pytest.raises(TypeError):
        services.organisme_modifier(organisme=organisme, par=agent, version=1, version_=2)


def test_modifier_incremente_la_version(agent, organisme):
    modifie = services.organisme_modifier(
        organisme=organisme, par=agent, version=organisme.version, nom_usage="CASL"
    )
    organisme.refresh_from_db()
    assert organisme.nom_usage == "CASL"
    assert organisme.version == modifie.version == 2
    dernier = organisme.history.latest()
    assert dernier.history_user == agent


def test_modifier_version_perimee_ne_change_rien(agent, autre_agent, organisme):
    version_ouverte = organisme.version
    services.organisme_modifier(
        organisme=organisme, par=autre_agent, version=version_ouverte, nom_usage="Premier"
    )
    historiques = organisme.history.count()
    with pytest.raises(ConflitDeVersion) as erreur:
        services.organisme_modifier(
            organisme=organisme,
            par=agent,
            version=version_ouverte,
            nom_usage="Second",
            territoires_desservis=list(Territoire.objects.all()[:3]),
        )
    assert "Rien n'a été enregistré" in erreur.value.messages[0]
    organisme.refresh_from_db()
    assert organisme.nom_usage == "Premier"
    assert organisme.version == version_ouverte + 1
    assert organisme.territoires_desservis.count() == 0
    assert organisme.history.count() == historiques


def test_contact_principal_remplace_le_precedent(agent, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True, nom="Nadia Bouchard")
    autre_org = ContactFactory(principal=True)  # another organisation's principal stays
    nouveau = services.contact_ajouter(
        organisme=organisme, par=agent, nom="Karim Haddad", principal=True
    )
    ancien.refresh_from_db()
    autre_org.refresh_from_db()
    assert nouveau.principal and not ancien.principal and autre_org.principal
    assert Contact.objects.filter(organisme=organisme, principal=True).get() == nouveau
    trace = ancien.history.latest()
    assert trace.history_user == agent
    assert "Karim Haddad" in trace.history_change_reason


def test_contact_modifie_en_principal(agent, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True)
    second = ContactFactory(organisme=organisme, principal=False)
    services.contact_modifier(contact=second, par=agent, principal=True, fonction="Direction")
    ancien.refresh_from_db()
    second.refresh_from_db()
    assert second.principal and second.fonction == "Direction"
    assert not ancien.principal


def test_contact_principal_reste_principal_quand_on_le_modifie(agent, organisme):
    principal = ContactFactory(organisme=organisme, principal=True)
    services.contact_modifier(contact=principal, par=agent, nom="Nouveau nom", principal=True)
    principal.refresh_from_db()
    assert principal.principal and principal.nom == "Nouveau nom"


def test_contact_invalide_ne_retire_pas_le_principal(agent, organisme):
    ancien = ContactFactory(organisme=organisme, principal=True)
    with pytest.raises(ValidationError):
        services.contact_ajouter(
            organisme=organisme, par=agent, nom="X", courriel="pas-un-courriel", principal=True
        )
    ancien.refresh_from_db()
    assert ancien.principal
    assert organisme.contacts.count() == 1


def test_contact_telephone_normalise(agent, organisme):
    contact = services.contact_ajouter(
        organisme=organisme, par=agent, nom="Mei Nguyen", telephone="5148721234"
    )
    assert contact.telephone == "514 872-1234"


def test_contact_supprimer_garde_l_historique(agent, organisme):
    contact = ContactFactory(organisme=organisme, nom="Yves Roy")
    pk = contact.pk
    services.contact_supprimer(contact=contact, par=agent)
    assert not Contact.objects.filter(pk=pk).exists()
    trace = Contact.history.filter(id=pk).latest()
    assert trace.history_type == "-" and trace.nom == "Yves Roy" and trace.history_user == agent


def _televerser(agent, organisme, nom, contenu, **kwargs):
    return services.document_televerser(
        organisme=organisme,
        par=agent,
        type_document=kwargs.pop("type_document", Document.Type.ETATS_FINANCIERS),
        titre=kwargs.pop("titre", "États financiers 2025"),
        fichier=SimpleUploadedFile(nom, contenu),
        **kwargs,
    )


@pytest.mark.parametrize("ext", sorted(CONTENUS))
def test_document_formats_acceptes(agent, organisme, stockage_prive, ext):
    document = _televerser(agent, organisme, f"piece.{ext}", CONTENUS[ext])
    assert document.televerse_par == agent
    chemin = stockage_prive / document.fichier.name
    assert chemin.read_bytes() == CONTENUS[ext]
    assert document.fichier.name.startswith(f"organismes/{organisme.pk}/")


@pytest.mark.parametrize(
    ("nom", "contenu", "code"),
    [
        ("programme.exe", b"MZ\x90\x00", "format"),
        ("page.html", b"<html></html>", "format"),
        ("sans-extension", PDF_MINIMAL, "format"),
        ("faux.pdf", b"<html><script>alert(1)</script></html>", "contenu"),
        ("image.pdf", PNG_MINIMAL, "contenu"),  # real PNG, wrong extension
        ("texte.docx", ZIP_QUELCONQUE, "contenu"),  # a zip, but not a Word document
        ("classeur.xlsx", DOCX, "contenu"),  # a Word document named as a workbook
        ("vide.pdf", b"", "vide"),
    ],
)
def test_document_refuse(agent, organisme, stockage_prive, nom, contenu, code):
    with pytest.raises(ValidationError) as erreur:
        _televerser(agent, organisme, nom, contenu)
    (message,) = erreur.value.message_dict["fichier"]
    assert erreur.value.error_dict["fichier"][0].code == code
    attendu = {"format": "Formats acceptés", "contenu": "ne correspond pas", "vide": "vide"}
    assert attendu[code] in message
    assert Document.objects.count() == 0
    assert not any(p.is_file() for p in stockage_prive.rglob("*"))


def test_document_trop_gros(agent, organisme, stockage_prive):
    trop = PDF_MINIMAL + b"0" * (TAILLE_MAX + 1 - len(PDF_MINIMAL))
    with pytest.raises(ValidationError) as erreur:
        _televerser(agent, organisme, "gros.pdf", trop)
    assert "10 Mo" in erreur.value.message_dict["fichier"][0]
    juste = PDF_MINIMAL + b"0" * (TAILLE_MAX - len(PDF_MINIMAL))
    assert _televerser(agent, organisme, "juste.pdf", juste).fichier.size == TAILLE_MAX


def test_document_titre_obligatoire_sans_fichier_orphelin(agent, organisme, stockage_prive):
    with pytest.raises(ValidationError) as erreur:
        _televerser(agent, organisme, "ok.pdf", PDF_MINIMAL, titre="")
    assert "titre" in erreur.value.message_dict
    assert not any(p.is_file() for p in stockage_prive.rglob("*"))


def test_les_organismes_ne_partagent_pas_un_nom_de_fichier(agent, organisme, autre_organisme):
    a = _televerser(agent, organisme, "etats.pdf", PDF_MINIMAL)
    b = _televerser(agent, autre_organisme, "etats.pdf", PDF_MINIMAL)
    c = _televerser(agent, organisme, "etats.pdf", PDF_MINIMAL)
    assert len({a.fichier.name, b.fichier.name, c.fichier.name}) == 3


def test_organisme_factory_sans_document(db):
    assert OrganismeFactory().documents.count() == 0
