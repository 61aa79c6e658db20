"""prévu → autorisé → payé, or retenu / annulé: each step's rule, its French refusal, its trace."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import SubventionFactory, VersementFactory
from versements.models import Versement
from versements.services import echeancier as services
from versements.services import paiements

V = Versement.Statut
pytestmark = pytest.mark.django_db


def payer(versement, par, reference="PAI-0001", date=None):
    return paiements.versement_payer(
        versement=versement,
        par=par,
        date_paiement=date or datetime.date(2026, 2, 1),
        reference=reference,
    )


def test_autoriser_puis_payer(premier, gestionnaire, agent):
    v = paiements.versement_autoriser(versement=premier, par=gestionnaire)
    assert (v.statut, v.autorise_par) == (V.AUTORISE, gestionnaire)
    v = payer(premier, agent)
    v.refresh_from_db()
    assert v.statut == V.PAYE and v.reference_paiement == "PAI-0001" and v.paye_par == agent
    raisons = [h.history_change_reason for h in v.history.order_by("history_id")]
    assert raisons[-2:] == ["Autoriser", "Inscrire le paiement"]


def test_pas_d_autorisation_avant_le_rapport_final(dernier, gestionnaire):
    with pytest.raises(ValidationError) as erreur:
        paiements.versement_autoriser(versement=dernier, par=gestionnaire)
    assert erreur.value.messages == ["En attente de l'acceptation du rapport final."]
    services.versements_liberer(
        subvention=dernier.subvention, condition=dernier.condition, par=gestionnaire
    )
    assert paiements.versement_autoriser(versement=dernier, par=gestionnaire).statut == V.AUTORISE


@pytest.mark.parametrize("role", ["agent", "partenaire", "administrateur"])
def test_seul_un_gestionnaire_autorise(request, premier, role):
    with pytest.raises(PermissionDenied):
        paiements.versement_autoriser(versement=premier, par=request.getfixturevalue(role))
    premier.refresh_from_db()
    assert premier.statut == V.PREVU


def test_seul_l_agent_responsable_inscrit_le_paiement(premier, gestionnaire, autre_agent):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    for intrus in (gestionnaire, autre_agent):
        with pytest.raises(PermissionDenied):
            payer(premier, intrus)


def test_un_versement_prevu_ne_se_paie_pas(premier, agent):
    with pytest.raises(ValidationError):
        payer(premier, agent)


@pytest.mark.parametrize(
    ("date", "attendu"),
    [
        (datetime.date(2026, 1, 19), "précéder la signature"),
        (None, "dans le futur"),
    ],
)
def test_date_du_paiement(premier, gestionnaire, agent, date, attendu):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    date = date or timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as erreur:
        payer(premier, agent, date=date)
    assert attendu in erreur.value.messages[0]


def test_paye_une_seule_fois(premier, gestionnaire, agent):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    payer(premier, agent)
    with pytest.raises(ValidationError):
        payer(premier, agent, reference="PAI-0002")
    premier.refresh_from_db()
    assert premier.reference_paiement == "PAI-0001"


def test_reference_unique(premier, dernier, gestionnaire, agent):
    services.versements_liberer(subvention=premier.subvention, condition="rapport_final", par=agent)
    for v in (premier, dernier):
        paiements.versement_autoriser(versement=v, par=gestionnaire)
    payer(premier, agent, reference="PAI-0001")
    with pytest.raises(ValidationError, match="déjà inscrite"):
        payer(dernier, agent, reference=" PAI-0001 ")


def test_jamais_plus_que_le_montant_accorde(signee, premier, gestionnaire, agent):
    # A schedule that no longer adds up (the amount was lowered since): the payment that would
    # go beyond the granted amount is refused.
    type(signee).objects.filter(pk=signee.pk).update(montant_accorde=Decimal("50000.00"))
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    with pytest.raises(ValidationError, match="au-delà du montant accordé"):
        payer(premier, agent)


def test_retenir_puis_lever(premier, gestionnaire, agent):
    with pytest.raises(ValidationError):
        paiements.versement_retenir(versement=premier, par=gestionnaire, motif="  ")
    with pytest.raises(PermissionDenied):
        paiements.versement_retenir(versement=premier, par=agent, motif="x")
    v = paiements.versement_retenir(versement=premier, par=gestionnaire, motif="Pièces manquantes")
    assert v.statut == V.RETENU and v.motif == "Pièces manquantes"
    v = paiements.versement_lever_retenue(versement=premier, par=gestionnaire)
    assert v.statut == V.PREVU


def test_annuler_garde_la_ligne(premier, gestionnaire):
    paiements.versement_annuler(versement=premier, par=gestionnaire, motif="Projet réduit")
    premier.refresh_from_db()
    assert premier.statut == V.ANNULE and premier.motif == "Projet réduit"
    with pytest.raises(ValidationError):
        paiements.versement_autoriser(versement=premier, par=gestionnaire)


def test_un_versement_paye_ne_s_annule_pas(premier, gestionnaire, agent):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    payer(premier, agent)
    for action in (paiements.versement_annuler, paiements.versement_retenir):
        with pytest.raises(ValidationError):
            action(versement=premier, par=gestionnaire, motif="x")


def test_pas_de_paiement_sur_une_subvention_annulee(gestionnaire):
    v = VersementFactory(subvention=SubventionFactory(statut="annulee"))
    with pytest.raises(PermissionDenied, match="aucun paiement"):
        paiements.versement_autoriser(versement=v, par=gestionnaire)


class TestLot:
    def test_creer_puis_envoyer(self, premier, gestionnaire, agent):
        with pytest.raises(ValidationError, match="Aucun versement autorisé"):
            paiements.lot_creer(par=gestionnaire)
        paiements.versement_autoriser(versement=premier, par=gestionnaire)
        with pytest.raises(PermissionDenied):
            paiements.lot_creer(par=agent)
        lot = paiements.lot_creer(par=gestionnaire)
        premier.refresh_from_db()
        assert premier.lot == lot and not lot.envoye
        # Retained before the batch left: it leaves the batch.
        paiements.versement_retenir(versement=premier, par=gestionnaire, motif="Vérification")
        premier.refresh_from_db()
        assert premier.lot is None
        paiements.versement_lever_retenue(versement=premier, par=gestionnaire)
        paiements.versement_autoriser(versement=premier, par=gestionnaire)
        lot = paiements.lot_creer(par=gestionnaire)
        lot = paiements.lot_marquer_envoye(lot=lot, par=gestionnaire)
        assert lot.envoye and lot.envoye_le
        premier.refresh_from_db()
        # Sent: only recording the payment remains.
        with pytest.raises(PermissionDenied, match="lot de paiement"):
            paiements.versement_annuler(versement=premier, par=gestionnaire, motif="x")
        payer(premier, agent)


def test_historique_lisible(client, premier, gestionnaire, agent):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    paiements.versement_payer(
        versement=premier, par=agent, date_paiement=datetime.date(2026, 2, 1), reference="H-1"
    )
    client.force_login(gestionnaire)
    fiche = client.get(premier.subvention.get_absolute_url()).content.decode()
    url = reverse("versements:historique", kwargs={"pk": premier.subvention_id})
    assert url in fiche
    page = client.get(url).content.decode()
    for attendu in ("versement 1", "Inscrire le paiement", "Autoriser", "Payé", "H-1"):
        assert attendu in page, attendu
    assert agent.last_name in page


def test_reference_prise_entre_temps(premier, gestionnaire, agent, monkeypatch):
    """The unique constraint answering (a race with another grant's payment) is a message."""
    from django.db import IntegrityError

    paiements.versement_autoriser(versement=premier, par=gestionnaire)

    def collision(*args, **kwargs):
        raise IntegrityError("versement_reference_unique")

    monkeypatch.setattr(paiements, "enregistrer_versement", collision)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        payer(premier, agent)


def test_une_page_perimee_ne_fait_rien(client, premier, gestionnaire):
    """The action page carries the status it showed: if someone authorised the instalment since,
    the cancellation posted from the stale page is refused with the reason, nothing changes."""
    url = reverse("versements:action", kwargs={"pk": premier.pk, "action": "annuler"})
    client.force_login(gestionnaire)
    assert 'name="statut_vu" value="prevu"' in client.get(url).content.decode()
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    reponse = client.post(url, {"motif": "Projet abandonné", "statut_vu": "prevu"})
    assert reponse.status_code == 200
    assert "depuis l&#x27;affichage de la page" in reponse.content.decode()
    premier.refresh_from_db()
    assert premier.statut == Versement.Statut.AUTORISE
    # Without the stale page (fresh status), the same manager may still cancel it.
    reponse = client.post(url, {"motif": "Projet abandonné", "statut_vu": "autorise"})
    assert reponse.status_code == 302
    premier.refresh_from_db()
    assert premier.statut == Versement.Statut.ANNULE
