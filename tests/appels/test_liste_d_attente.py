"""A waitlisted application retained once its call is decided: the decision becomes « retenue »
(a new version, with its reason), the grant is created in « recommandée » at once; each
refusal says why and changes nothing; the button shows exactly when the step would pass."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from appels.models import Demande, Recommandation
from appels.services.conversion import demande_retenir_de_la_liste
from subventions.models import Subvention
from tests.factories import (
    DemandeFactory,
    MembreFactory,
    OrganismeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db
D = Demande.Etat
NBSP = "\u00a0"


def _demande(appel_etat="decide", etat=D.LISTE_ATTENTE, decision="liste_attente", **kwargs):
    maintenant = timezone.now()
    appel = appel_complet(
        ouverture=maintenant - datetime.timedelta(days=90),
        cloture=maintenant - datetime.timedelta(days=30),
        etat=appel_etat,
        budget=Decimal("100000"),
    )
    demande = DemandeFactory(
        appel=appel,
        organisme=kwargs.pop("organisme", None) or OrganismeFactory(),
        etat=etat,
        montant_demande=Decimal("30000"),
        date_debut=datetime.date(2027, 4, 1),
        date_fin=datetime.date(2028, 3, 31),
    )
    Recommandation.objects.create(
        demande=demande,
        decision=decision,
        montant_recommande=Decimal("25000"),
        motif="Budget épuisé.",
        decide_par=UserFactory(roles=["gestionnaire"]),
    )
    return demande


def url(demande):
    return reverse("appels:retenir_de_la_liste", args=[demande.pk])


def test_retenue_devient_sa_subvention(client, gestionnaire):
    demande = _demande()
    client.force_login(gestionnaire)
    fiche = client.get(reverse("appels:demande", args=[demande.pk])).content.decode()
    assert f'href="{url(demande)}"' in fiche
    page = client.get(url(demande)).content.decode().replace(NBSP, " ")
    assert "Déjà retenu dans cet appel : 0,00 $, pour un budget de 100 000,00 $" in page
    assert 'value="25 000,00"' in page.replace(NBSP, " ")
    reponse = client.post(
        url(demande),
        {
            "montant_recommande": "24 000",
            "motif": "Désistement d'un organisme retenu.",
            "version": 1,
        },
    )
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.etat == D.RETENUE
    recommandation = demande.recommandation
    assert (recommandation.decision, recommandation.montant_recommande) == (
        "retenue",
        Decimal("24000"),
    )
    assert recommandation.version == 2 and recommandation.decide_par == gestionnaire
    assert recommandation.history.first().history_change_reason == (
        "Retenue depuis la liste d'attente"
    )
    subvention = demande.subvention
    assert subvention.statut == Subvention.Statut.RECOMMANDEE
    assert subvention.montant_accorde == Decimal("24000")
    assert subvention.organisme_id == demande.organisme_id
    # Done once: the page and its button are gone, with the reason.
    assert client.get(url(demande)).status_code == 403
    fiche = client.get(reverse("appels:demande", args=[demande.pk])).content.decode()
    assert f'href="{url(demande)}"' not in fiche
    assert subvention.numero in fiche


@pytest.mark.parametrize(
    ("preparer", "raison"),
    [
        ({"etat": D.NON_RETENUE, "decision": "non_retenue"}, "n'est pas en liste d'attente"),
        ({"appel_etat": "publie"}, "L'appel n'est pas encore décidé"),
        ({"organisme": "non vérifié"}, "n'a pas encore été vérifié"),
    ],
)
def test_refus_avec_sa_raison_et_rien_ne_change(client, gestionnaire, preparer, raison):
    if preparer.get("organisme"):
        preparer = {"organisme": OrganismeFactory(verifie_le=None)}
    demande = _demande(**preparer)
    client.force_login(gestionnaire)
    refus = client.get(url(demande))
    assert refus.status_code == 403
    assert raison in refus.content.decode().replace("&#x27;", "'")
    fiche = client.get(reverse("appels:demande", args=[demande.pk])).content.decode()
    assert f'href="{url(demande)}"' not in fiche
    with pytest.raises(ValidationError, match=raison):
        demande_retenir_de_la_liste(
            demande=demande, par=gestionnaire, montant_recommande=Decimal("1000"), motif="x"
        )
    demande.refresh_from_db()
    assert demande.subvention_id is None and demande.recommandation.version == 1


def test_montant_et_motif_exiges(gestionnaire):
    demande = _demande()
    for montant, motif, champ in (
        (None, "Désistement", "montant_recommande"),
        (Decimal("30000.01"), "Désistement", "montant_recommande"),
        (Decimal("20000"), "  ", "motif"),
    ):
        with pytest.raises(ValidationError) as erreur:
            demande_retenir_de_la_liste(
                demande=demande, par=gestionnaire, montant_recommande=montant, motif=motif
            )
        assert champ in erreur.value.message_dict
    demande.refresh_from_db()
    assert demande.etat == D.LISTE_ATTENTE and demande.subvention_id is None


def test_decision_changee_entre_temps(gestionnaire):
    demande = _demande()
    with pytest.raises(ValidationError, match="rechargez la page"):
        demande_retenir_de_la_liste(
            demande=demande,
            par=gestionnaire,
            montant_recommande=Decimal("20000"),
            motif="Désistement",
            version=0,
        )


def test_le_partenaire_ne_retient_pas_sa_propre_demande(client):
    demande = _demande()
    partenaire = MembreFactory(organisme=demande.organisme).user
    client.force_login(partenaire)
    assert client.get(url(demande)).status_code == 403
    assert client.post(url(demande), {"montant_recommande": "1", "motif": "x"}).status_code == 403
    demande.refresh_from_db()
    assert demande.etat == D.LISTE_ATTENTE
