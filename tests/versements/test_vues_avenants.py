"""The amendment page, the amendments table on the grant page, the history, and partners."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from subventions.models import Avenant, Subvention
from tests.factories import EnveloppeFactory, RepartitionFactory, SubventionFactory
from versements.models import Versement
from versements.services.echeancier import echeancier_creer

S = Subvention.Statut
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def argent(texte):
    return texte.replace(" ", NBSP) + f"{NBSP}$"


def creer_signee(organisme, agent):
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=D("33333.33"),
        numero_resolution="CE26 0001",
        date_decision=datetime.date(2026, 1, 10),
        date_signature=datetime.date(2026, 1, 20),
    )
    EnveloppeFactory(programme=s.programme, exercice=2026, montant=D("100000"))
    RepartitionFactory(subvention=s, exercice=2026, montant=D("33333.33"))
    echeancier_creer(subvention=s, par=agent)
    return s


@pytest.fixture
def signee(organisme, agent):
    return creer_signee(organisme, agent)


def url(s):
    return reverse("avenants:creer", kwargs={"pk": s.pk})


def donnees(s, montant="40 000,00", **autres):
    s.refresh_from_db()
    base = {
        "version": s.version,
        "montant": montant,
        "numero_resolution": "ce26 0123",
        "date_decision": "2026-03-02",
        "motif": "Hausse de la demande",
        "repartition-TOTAL_FORMS": "1",
        "repartition-INITIAL_FORMS": "0",
        "repartition-0-exercice": "2026",
        "repartition-0-montant": montant,
    }
    return {**base, **autres}


def test_page_du_formulaire(client, signee, gestionnaire):
    client.force_login(gestionnaire)
    page = client.get(url(signee)).content.decode()
    assert 'name="repartition-0-montant"' in page and f"33{NBSP}333,33" in page
    assert 'name="derogation_raison"' in page
    assert 'name="version"' in page


def test_enregistrer_puis_voir_sur_la_fiche(client, signee, gestionnaire):
    client.force_login(gestionnaire)
    reponse = client.post(url(signee), donnees(signee))
    assert reponse.status_code == 302 and reponse.url == signee.get_absolute_url()
    avenant = Avenant.objects.get(subvention=signee)
    assert avenant.numero_resolution == "CE26 0123"
    fiche = client.get(signee.get_absolute_url()).content.decode()
    assert "Avenants" in fiche and "CE26 0123" in fiche and "Hausse de la demande" in fiche
    assert argent("33 333,33") in fiche and argent("40 000,00") in fiche
    assert "Montant accordé initial" in fiche
    assert f'href="{url(signee)}"' in fiche
    assert signee.versements.non_annules().total() == D("40000.00")


def test_bouton_seulement_pour_qui_peut(client, signee, agent, gestionnaire, partenaire):
    for user, visible in ((agent, False), (partenaire, False), (gestionnaire, True)):
        client.force_login(user)
        fiche = client.get(signee.get_absolute_url()).content.decode()
        assert (f'href="{url(signee)}"' in fiche) == visible, user


def test_enveloppe_depassee_dit_l_exercice_et_l_ecart(client, signee, gestionnaire):
    signee.programme.enveloppes.update(montant=D("35000"))
    client.force_login(gestionnaire)
    reponse = client.post(url(signee), donnees(signee))
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "resume-erreurs" in page and "dépasse l&#x27;enveloppe" in page
    assert "2026" in page and argent("35 000,00") in page
    assert not Avenant.objects.exists()
    reponse = client.post(url(signee), donnees(signee, derogation_raison="Décision du CE"))
    assert reponse.status_code == 302
    assert Avenant.objects.get().derogation_raison == "Décision du CE"


def test_sous_le_paye_refuse_avec_les_montants(client, signee, gestionnaire):
    Versement.objects.filter(subvention=signee, rang=1).update(
        statut="paye", date_paiement=datetime.date(2026, 1, 25), reference_paiement="PAI-1"
    )
    client.force_login(gestionnaire)
    page = client.post(url(signee), donnees(signee, montant="20 000,00")).content.decode()
    assert "déjà payé" in page and argent("26 666,66") in page
    assert not Avenant.objects.exists()


@pytest.mark.parametrize(
    "mauvais",
    [
        {"montant": "beaucoup"},
        {"numero_resolution": "1234"},
        {"date_decision": "2026-02-30"},
        {"repartition-0-exercice": "deux mille"},
        {"repartition-TOTAL_FORMS": "9999999999999999999999"},
        {"version": "abc"},
    ],
)
def test_mauvaise_saisie_jamais_500(client, signee, gestionnaire, mauvais):
    client.force_login(gestionnaire)
    reponse = client.post(url(signee), donnees(signee, **mauvais))
    assert reponse.status_code == 200
    assert "Le formulaire contient des erreurs" in reponse.content.decode()
    assert not Avenant.objects.exists()


def test_version_perimee(client, signee, gestionnaire):
    client.force_login(gestionnaire)
    perime = donnees(signee)
    assert client.post(url(signee), donnees(signee)).status_code == 302
    page = client.post(url(signee), {**perime, "montant": "41 000,00"}).content.decode()
    assert "Quelqu&#x27;un d&#x27;autre a enregistré" in page
    assert Avenant.objects.count() == 1


def test_refus_explique(client, signee, agent, cumul):
    client.force_login(agent)
    assert client.get(url(signee)).status_code == 403
    Subvention.objects.filter(pk=signee.pk).update(agent=cumul)
    client.force_login(cumul)
    refus = client.get(url(signee))
    assert refus.status_code == 403
    assert "séparation des tâches" in refus.content.decode()


def test_partenaire_isole(client, signee, partenaire, autre_partenaire):
    avant = (Avenant.objects.count(), list(signee.versements.values()))
    client.force_login(autre_partenaire)
    assert client.get(url(signee)).status_code == 404
    assert client.post(url(signee), donnees(signee)).status_code == 404
    client.force_login(partenaire)
    assert client.post(url(signee), donnees(signee)).status_code == 403
    assert (Avenant.objects.count(), list(signee.versements.values())) == avant
    signee.refresh_from_db()
    assert signee.montant_accorde == D("33333.33")


def test_historique_lisible(client, signee, gestionnaire):
    client.force_login(gestionnaire)
    client.post(url(signee), donnees(signee))
    page = client.get(reverse("subventions:historique", kwargs={"pk": signee.pk}))
    texte = page.content.decode()
    assert "Avenant n° 1" in texte and "avenant n° 1" in texte
    assert "CE26 0123" in texte and argent("40 000,00") in texte


def test_historique_en_anglais(client, signee, gestionnaire):
    client.force_login(gestionnaire)
    client.post(url(signee), donnees(signee))
    historique = reverse("subventions:historique", kwargs={"pk": signee.pk})
    # The middleware leaves the language active after the response: restore it on exit.
    client.cookies["django_language"] = "en"
    with translation.override(translation.get_language()):
        texte = client.get(historique, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Amendment no. 1" in texte
