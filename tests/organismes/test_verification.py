"""An agent verifies a self-registered organisation: the rule and its reasons, who and when in
the record and its history, the staff pages (badge, button, list filter), and the calls'
consequence: no application of an unverified organisation is retained."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from appels.models import Demande, Evaluateur, Recommandation
from appels.services import comite
from noyau.permissions import verdict
from organismes import services
from organismes.historique import historique_organisme
from organismes.models import Organisme
from tests.factories import DemandeFactory, OrganismeFactory, UserFactory, appel_complet

pytestmark = pytest.mark.django_db


@pytest.fixture
def inscrit(db):
    return OrganismeFactory(nom_legal="Collectif Nouveaux Horizons", verifie_le=None)


def test_les_organismes_connus_sont_verifies_des_leur_creation(agent, organisme):
    assert not organisme.a_verifier
    cree = services.organisme_creer(par=agent, nom_legal="Accueil Plus", neq="1178900001")
    assert (cree.a_verifier, cree.verifie_par) == (False, agent)


def test_verifier_la_regle_et_ses_raisons(inscrit, agent, gestionnaire, partenaire, cumul):
    assert verdict(agent, "organismes.verifier_organisme", inscrit)
    assert verdict(gestionnaire, "organismes.verifier_organisme", inscrit)
    assert verdict(partenaire, "organismes.verifier_organisme", inscrit).raison == (
        "Seuls les agents de programme et les gestionnaires vérifient un organisme."
    )
    with pytest.raises(PermissionDenied):
        services.organisme_verifier(organisme=inscrit, par=partenaire, version=inscrit.version)
    assert Organisme.objects.get(pk=inscrit.pk).a_verifier
    verifie = services.organisme_verifier(organisme=inscrit, par=agent, version=inscrit.version)
    assert (verifie.verifie_par, verifie.a_verifier) == (agent, False)
    assert timezone.now() - verifie.verifie_le < datetime.timedelta(minutes=1)
    # A second verification is refused with who did it, and changes nothing.
    refus = verdict(cumul, "organismes.verifier_organisme", verifie)
    assert refus.raison.startswith(f"Cet organisme a déjà été vérifié par {agent.get_full_name()}")
    with pytest.raises(ValidationError, match="déjà été vérifié"):
        services.organisme_verifier(organisme=verifie, par=cumul, version=verifie.version)
    assert Organisme.objects.get(pk=inscrit.pk).verifie_par == agent


def test_la_verification_est_dans_l_historique(inscrit, agent):
    services.organisme_verifier(organisme=inscrit, par=agent, version=inscrit.version)
    entree = historique_organisme(organisme=inscrit)[0]
    assert (entree.auteur, entree.raison) == (agent, "Organisme vérifié par un agent")
    assert {c.champ for c in entree.changements} == {"Vérifié le", "Vérifié par"}


def test_un_formulaire_perime_ne_verifie_pas(inscrit, agent):
    with pytest.raises(ValidationError, match="Quelqu'un d'autre"):
        services.organisme_verifier(organisme=inscrit, par=agent, version=inscrit.version - 1)
    assert Organisme.objects.get(pk=inscrit.pk).a_verifier


def test_les_pages_de_l_agent(client, inscrit, organisme, agent):
    client.force_login(agent)
    fiche = client.get(inscrit.get_absolute_url()).content.decode()
    url = reverse("organismes:verifier", args=[inscrit.pk])
    assert "À vérifier" in fiche and f'href="{url}"' in fiche
    # The list's filter and its badge.
    liste = client.get(reverse("organismes:liste") + "?a_verifier=true").content.decode()
    assert "Collectif Nouveaux Horizons" in liste and "organisme à vérifier" in liste
    assert organisme.nom_legal not in liste
    verifies = client.get(reverse("organismes:liste") + "?a_verifier=false").content.decode()
    assert "Collectif" not in verifies
    # The page, then the POST through its form.
    page = client.get(url).content.decode()
    assert "Registraire des entreprises" in page
    assert client.post(url, {}).status_code == 200  # no version: refused, nothing changes
    assert Organisme.objects.get(pk=inscrit.pk).a_verifier
    reponse = client.post(url, {"version": inscrit.version}, follow=True)
    assert "est vérifié" in reponse.content.decode()
    assert Organisme.objects.get(pk=inscrit.pk).verifie_par == agent
    fiche = client.get(inscrit.get_absolute_url()).content.decode()
    assert f'href="{url}"' not in fiche and "Vérifié par" in fiche
    assert client.get(url).status_code == 403


# --- Calls: an unverified organisation's application is not retained --------------------------
@pytest.fixture
def en_deliberation(inscrit, organisme):
    agent = UserFactory(username="agent-deliberation", roles=["agent"])
    maintenant = timezone.now()
    appel = appel_complet(
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
    )
    Evaluateur.objects.create(appel=appel, user=UserFactory(roles=["evaluateur"]), ajoute_par=agent)
    recevable = Demande.Etat.RECEVABLE
    a_verifier = DemandeFactory(
        appel=appel, organisme=inscrit, etat=recevable, montant_demande=Decimal("30000")
    )
    connue = DemandeFactory(
        appel=appel, organisme=organisme, etat=recevable, montant_demande=Decimal("30000")
    )
    return agent, appel, a_verifier, connue


def test_une_demande_d_un_organisme_a_verifier_n_est_pas_retenue(en_deliberation):
    agent, _, a_verifier, connue = en_deliberation
    raison = "L'organisme n'a pas encore été vérifié par un agent"
    assert verdict(agent, "appels.retenir", a_verifier).raison.startswith(raison)
    with pytest.raises(ValidationError) as erreur:
        comite.recommandation_decider(demande=a_verifier, par=agent, decision="retenue")
    assert erreur.value.message_dict["decision"][0].startswith(raison)
    assert not Recommandation.objects.exists()
    assert Demande.objects.get(pk=a_verifier.pk).etat == Demande.Etat.RECEVABLE
    # Another decision is taken; a known organisation's application is retained.
    comite.recommandation_decider(
        demande=a_verifier, par=agent, decision="liste_attente", motif="En attente"
    )
    comite.recommandation_decider(demande=connue, par=agent, decision="retenue")
    # Once verified, it may be retained.
    services.organisme_verifier(
        organisme=a_verifier.organisme, par=agent, version=a_verifier.organisme.version
    )
    a_verifier = Demande.objects.get(pk=a_verifier.pk)
    comite.recommandation_decider(demande=a_verifier, par=agent, decision="retenue")
    assert Demande.objects.get(pk=a_verifier.pk).etat == "retenue"


def test_le_classement_signale_l_organisme_a_verifier(client, en_deliberation):
    agent, appel, a_verifier, connue = en_deliberation
    client.force_login(agent)
    url = reverse("appels:classement", args=[appel.pk])
    page = client.get(url).content.decode()

    def ligne(demande):
        return page.split(f'id="demande-{demande.pk}"')[1].split("</tr>")[0]

    assert "organisme à vérifier" in ligne(a_verifier)
    assert "organisme à vérifier" not in ligne(connue)
    decider = reverse("appels:decider", args=[appel.pk, a_verifier.pk])
    reponse = client.post(decider, {f"d{a_verifier.pk}-decision": "retenue"}, follow=True)
    assert "pas encore été vérifié par un agent" in reponse.content.decode()
    assert not Recommandation.objects.exists()


def test_la_demande_montre_l_attente_au_partenaire_et_au_personnel(client, en_deliberation):
    from tests.factories import MembreFactory

    agent, _, a_verifier, _ = en_deliberation
    partenaire = MembreFactory(organisme=a_verifier.organisme).user
    url = reverse("appels:demande", args=[a_verifier.pk])
    client.force_login(partenaire)
    assert "pas encore vérifié votre organisme" in client.get(url).content.decode()
    client.force_login(agent)
    assert "organisme à vérifier" in client.get(url).content.decode()
