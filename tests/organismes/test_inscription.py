"""Registration of an organisation not yet known: the form (each bad input refused in French,
nothing written), a known NEQ or e-mail, the activation link (valid, expired, forged, reused),
the hourly limits, and the partner's pages afterwards."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from comptes.models import ChangementRole
from organismes.inscription import jeton_activation
from organismes.models import Contact, Membre, Organisme
from tests.factories import MembreFactory, OrganismeFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

VALIDE = {
    "neq": "1178-901-234",
    "nom_legal": "Collectif Nouveaux Horizons",
    "prenom": "Fatou",
    "nom": "Ndiaye",
    "courriel": "Fatou.Ndiaye@horizons.example",
    "mot_de_passe": "Cardamome-et-lilas-2026",
    "mot_de_passe_confirmation": "Cardamome-et-lilas-2026",
}
URL = "/inscription/"


@pytest.fixture(autouse=True)
def compteurs_vides():
    # The hourly counters live in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()


def etat():
    return (
        Organisme.objects.count(),
        User.objects.count(),
        Membre.objects.count(),
        Contact.objects.count(),
        len(mail.outbox),
    )


def lien_du_courriel():
    return re.search(r"http://\S+/inscription/activer/\S+/", mail.outbox[-1].body).group(0)


def chemin(lien):
    return lien.removeprefix("http://localhost:8000")


def test_l_inscription_cree_un_organisme_a_verifier_et_un_compte_inactif(client):
    reponse = client.post(URL, VALIDE)
    assert reponse.status_code == 302
    assert reponse.url == reverse("inscription:envoyee")
    organisme = Organisme.objects.get(neq="1178901234")
    assert organisme.a_verifier and organisme.verifie_par is None
    assert organisme.nom_legal == "Collectif Nouveaux Horizons"
    user = User.objects.get(email="Fatou.Ndiaye@horizons.example")
    assert user.username == "fatou.ndiaye@horizons.example"
    assert not user.is_active
    assert list(user.groups.values_list("name", flat=True)) == ["partenaire"]
    assert user.membre.organisme == organisme
    assert user.check_password(VALIDE["mot_de_passe"])
    contact = organisme.contacts.get()
    assert (contact.nom, contact.principal) == ("Fatou Ndiaye", True)
    # The role given is in the roles journal, the record's creation in its history.
    assert ChangementRole.objects.filter(utilisateur=user, role="partenaire", ajoute=True).exists()
    creation = organisme.history.get()
    assert (creation.history_user, creation.history_change_reason) == (user, "Inscription en ligne")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Fatou.Ndiaye@horizons.example"]
    assert "activer votre compte" in mail.outbox[0].body
    assert "valide 3 jours" in mail.outbox[0].body
    page = client.get(reponse.url).content.decode()
    assert "lien d'activation vient d'être envoyé" in page


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("neq", "12345", "Écrivez exactement 10 chiffres"),
        ("neq", "", "Ce champ est obligatoire"),
        ("nom_legal", "", "Ce champ est obligatoire"),
        ("prenom", "", "Ce champ est obligatoire"),
        ("nom", "", "Ce champ est obligatoire"),
        ("courriel", "pas-un-courriel", "Saisissez une adresse de courriel valide"),
        ("mot_de_passe_confirmation", "Autre-chose-2026!", "ne sont pas identiques"),
    ],
)
def test_chaque_saisie_fautive_est_refusee_en_francais_sans_rien_creer(
    client, champ, valeur, message
):
    avant = etat()
    reponse = client.post(URL, VALIDE | {champ: valeur})
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert "rien n'a été enregistré" in reponse.content.decode()
    assert etat() == avant


@pytest.mark.parametrize(
    ("mot", "message"),
    [
        ("court-2026", "au minimum 12 caractères"),
        ("123456789012345", "entièrement numérique"),
        ("fatou.ndiaye.horizons", "trop semblable"),
    ],
)
def test_le_mot_de_passe_passe_les_validateurs_de_django(client, mot, message):
    avant = etat()
    reponse = client.post(URL, VALIDE | {"mot_de_passe": mot, "mot_de_passe_confirmation": mot})
    assert message in reponse.content.decode()
    assert etat() == avant


def test_un_neq_connu_dit_qu_un_compte_existe_et_a_qui_s_adresser(client):
    connu = OrganismeFactory(nom_legal="Maison d'Haïti", neq="1178901234")
    membre = MembreFactory(organisme=connu, user__email="secret@maison.example")
    avant = etat()
    page = client.post(URL, VALIDE).content.decode()
    assert "Un compte existe déjà pour l&#x27;organisme « Maison d&#x27;Haïti »" in page
    assert "écrivez au BINAM à binam@montreal.ca" in page
    assert membre.user.email not in page and membre.user.username not in page
    assert etat() == avant


def test_un_courriel_deja_utilise_est_refuse(client):
    MembreFactory(user__email="fatou.ndiaye@HORIZONS.example")
    avant = etat()
    page = client.post(URL, VALIDE).content.decode()
    assert "Cette adresse courriel est déjà celle d&#x27;un compte" in page
    assert etat() == avant


def test_les_inscriptions_sont_limitees_par_adresse_et_par_courriel(client, settings):
    settings.INSCRIPTIONS_PAR_ADRESSE = 2
    for i in range(2):
        client.post(URL, VALIDE | {"neq": f"117890123{i}", "courriel": f"c{i}@h.example"})
    assert len(mail.outbox) == 2
    avant = etat()
    reponse = client.post(URL, VALIDE | {"neq": "1178901239", "courriel": "c9@h.example"})
    assert reponse.status_code == 429
    assert "Trop d&#x27;inscriptions en peu de temps" in reponse.content.decode()
    assert etat() == avant
    # A known NEQ asked too often gets the same answer: the form cannot list the known ones.
    OrganismeFactory(neq="1178905555")
    reponse = client.post(URL, VALIDE | {"neq": "1178905555"})
    assert reponse.status_code == 429
    assert "Un compte existe déjà" not in reponse.content.decode()


def test_une_personne_connectee_va_a_son_accueil(client, partenaire):
    client.force_login(partenaire)
    assert client.get(URL).url == reverse("accueil")


# --- The activation link ---------------------------------------------------------------------
@pytest.fixture
def inscrit(client):
    client.post(URL, VALIDE)
    return User.objects.get(email=VALIDE["courriel"])


def test_le_lien_active_le_compte_une_seule_fois(client, inscrit):
    lien = chemin(lien_du_courriel())
    page = client.get(lien).content.decode()
    assert "Activer mon compte" in page and "Collectif Nouveaux Horizons" in page
    inscrit.refresh_from_db()
    assert not inscrit.is_active  # opening the link (a mail scanner) activates nothing
    reponse = client.post(lien, {"action": "activer"}, follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("connexion")
    assert "Votre compte est activé" in reponse.content.decode()
    inscrit.refresh_from_db()
    assert inscrit.is_active
    # Reused: the account is active; the page says so and nothing changes.
    page = client.get(lien).content.decode()
    assert "Ce compte est déjà activé" in page
    reponse = client.post(lien, {"action": "activer"})
    assert "Ce compte est déjà activé" in reponse.content.decode()


def test_un_lien_expire_ne_change_rien_et_propose_un_nouveau_lien(client, inscrit, settings):
    lien = chemin(lien_du_courriel())
    plus_tard = jeton_activation._now().timestamp() + settings.PASSWORD_RESET_TIMEOUT + 60
    with mock.patch.object(
        type(jeton_activation),
        "_now",
        lambda self: __import__("datetime").datetime.fromtimestamp(plus_tard),
    ):
        page = client.get(lien).content.decode()
        assert "Ce lien d&#x27;activation a expiré" in page
        assert "Recevoir un nouveau lien" in page
        reponse = client.post(lien, {"action": "activer"})
        assert "a expiré" in reponse.content.decode()
        inscrit.refresh_from_db()
        assert not inscrit.is_active
        # A new link goes to the account's own address.
        client.post(lien, {"action": "renvoyer"})
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [VALIDE["courriel"]]
    client.post(chemin(lien_du_courriel()), {"action": "activer"})
    inscrit.refresh_from_db()
    assert inscrit.is_active


@pytest.mark.parametrize(
    "alterer",
    [
        lambda uid, jeton: (uid, jeton[:-2] + ("aa" if not jeton.endswith("aa") else "bb")),
        lambda uid, jeton: ("MTAwMDAwMDA", jeton),  # another account's id
        lambda uid, jeton: ("%%%", jeton),
    ],
    ids=["signature", "compte", "illisible"],
)
def test_un_lien_falsifie_ne_change_rien(client, inscrit, alterer):
    _, _, _, uid, jeton, _ = chemin(lien_du_courriel()).split("/")
    uid, jeton = alterer(uid, jeton)
    lien = f"/inscription/activer/{uid}/{jeton}/"
    page = client.get(lien).content.decode()
    assert "Activer mon compte" not in page
    assert "expiré" in page or "n&#x27;est pas valide" in page
    reponse = client.post(lien, {"action": "activer"})
    assert reponse.status_code == 200
    inscrit.refresh_from_db()
    assert not inscrit.is_active


def test_un_lien_d_un_autre_compte_ne_renvoie_rien(client, partenaire):
    """The "new link" of a link naming a staff or an active account sends nothing."""
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(partenaire.pk))
    reponse = client.post(f"/inscription/activer/{uid}/x-y/", {"action": "renvoyer"})
    assert "Ce compte est déjà activé" in reponse.content.decode()
    assert not mail.outbox


def test_apres_activation_le_partenaire_arrive_au_portail_et_voit_l_attente(client, inscrit):
    client.post(chemin(lien_du_courriel()), {"action": "activer"})
    reponse = client.post(
        "/connexion/",
        {"username": "fatou.ndiaye@horizons.example", "password": VALIDE["mot_de_passe"]},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == reverse("portail:accueil")
    page = reponse.content.decode()
    assert "Organisme à vérifier" in page
    assert "pas encore vérifié votre organisme" in page
    # It applies to an open call like any partner; the application page says it awaits.
    from tests.factories import appel_complet

    appel = appel_complet()
    reponse = client.post(reverse("appels:deposer", args=[appel.pk]), follow=True)
    demande = inscrit.membre.organisme.demandes.get()
    assert reponse.redirect_chain[-1][0] == reverse("appels:demande_modifier", args=[demande.pk])
    assert "pas encore vérifié votre organisme" in reponse.content.decode()


def test_les_liens_des_deux_courriels_suivent_l_adresse_du_site(client, settings):
    """The activation and the password-reset emails, sent to a server reached under another
    (allowed) name, both link to ADRESSE_DU_SITE: never to the Host the request names."""
    settings.ADRESSE_DU_SITE = "https://subventions.exemple.ca"
    settings.ALLOWED_HOSTS = ["testserver", "ailleurs.exemple.net"]
    client.post(URL, VALIDE, HTTP_HOST="ailleurs.exemple.net")
    activation = mail.outbox[-1].body
    assert "https://subventions.exemple.ca/inscription/activer/" in activation
    User.objects.filter(email=VALIDE["courriel"]).update(is_active=True)
    client.post(
        reverse("reinitialisation"), {"email": VALIDE["courriel"]}, HTTP_HOST="ailleurs.exemple.net"
    )
    reinitialisation = mail.outbox[-1].body
    assert "https://subventions.exemple.ca/mot-de-passe/nouveau/" in reinitialisation
    assert "ailleurs" not in activation + reinitialisation
