"""Whoever authorised an instalment does not record its payment, even holding both roles (the
responsible agent who is also a manager): the service refuses with the reason, the button is
not shown, the POST is refused, the work queue does not list it, a payment batch changes
nothing; anyone else the rule lets pay still does."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from noyau.permissions import peut, verdict
from reddition.travail import SECTIONS
from versements.models import Versement
from versements.services import paiements

V = Versement.Statut
pytestmark = pytest.mark.django_db
RAISON = "Vous avez autorisé ce versement"


@pytest.fixture
def du_cumul(signee, cumul):
    """The signed grant, whose responsible agent also holds the manager's role."""
    signee.agent = cumul
    signee.save()
    return signee


def _payer(versement, par, reference="PAI-1"):
    return paiements.versement_payer(
        versement=versement,
        par=par,
        date_paiement=datetime.date(2026, 2, 1),
        reference=reference,
    )


def _url(versement):
    return reverse("versements:action", kwargs={"pk": versement.pk, "action": "payer"})


def test_qui_autorise_ne_paie_pas(du_cumul, premier, cumul):
    paiements.versement_autoriser(versement=premier, par=cumul)
    premier.refresh_from_db()
    refus = verdict(cumul, "versements.payer", premier)
    assert not refus and RAISON in refus.raison and "séparation des tâches" in refus.raison
    with pytest.raises(PermissionDenied, match=RAISON):
        _payer(premier, cumul)
    premier.refresh_from_db()
    assert premier.statut == V.AUTORISE and premier.paye_par is None


def test_un_autre_gestionnaire_autorise_le_cumul_paie(du_cumul, premier, cumul, gestionnaire):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    premier.refresh_from_db()
    assert peut(cumul, "versements.payer", premier)
    _payer(premier, cumul)
    premier.refresh_from_db()
    assert (premier.statut, premier.autorise_par, premier.paye_par) == (
        V.PAYE,
        gestionnaire,
        cumul,
    )


def test_l_agent_paie_ce_que_le_gestionnaire_a_autorise(signee, premier, agent, gestionnaire):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    _payer(premier, agent)
    premier.refresh_from_db()
    assert premier.paye_par == agent


def test_ni_bouton_ni_post(client, du_cumul, premier, cumul, gestionnaire):
    paiements.versement_autoriser(versement=premier, par=cumul)
    client.force_login(cumul)
    fiche = client.get(du_cumul.get_absolute_url()).content.decode()
    assert f'href="{_url(premier)}"' not in fiche
    assert client.get(_url(premier)).status_code == 403
    refus = client.post(_url(premier), {"date_paiement": "2026-02-01", "reference": "PAI-1"})
    assert refus.status_code == 403
    assert RAISON in html.unescape(refus.content.decode())
    premier.refresh_from_db()
    assert premier.statut == V.AUTORISE
    # Authorised by someone else: the button is there and the payment goes through.
    paiements.versement_retenir(versement=premier, par=gestionnaire, motif="Vérifier")
    paiements.versement_lever_retenue(versement=premier, par=gestionnaire)
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    fiche = client.get(du_cumul.get_absolute_url()).content.decode()
    assert f'href="{_url(premier)}"' in fiche
    reponse = client.post(_url(premier), {"date_paiement": "2026-02-01", "reference": "PAI-1"})
    assert reponse.status_code == 302
    premier.refresh_from_db()
    assert premier.statut == V.PAYE and premier.paye_par == cumul


def test_la_file_de_travail_ne_le_propose_pas(du_cumul, premier, cumul, gestionnaire):
    paiements.versement_autoriser(versement=premier, par=cumul)
    a_payer = SECTIONS["versements-a-payer"].lignes
    assert premier.pk not in set(a_payer(cumul).values_list("pk", flat=True))
    paiements.versement_retenir(versement=premier, par=gestionnaire, motif="Vérifier")
    paiements.versement_lever_retenue(versement=premier, par=gestionnaire)
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    assert premier.pk in set(a_payer(cumul).values_list("pk", flat=True))


def test_le_lot_de_paiement_n_y_change_rien(client, du_cumul, premier, cumul, gestionnaire):
    """Batched and sent to the finance system, the instalment is still paid one by one, by the
    same rule: its authoriser cannot record the payment."""
    paiements.versement_autoriser(versement=premier, par=cumul)
    lot = paiements.lot_creer(par=gestionnaire)
    paiements.lot_marquer_envoye(lot=lot, par=gestionnaire)
    premier.refresh_from_db()
    assert premier.lot == lot
    with pytest.raises(PermissionDenied, match=RAISON):
        _payer(premier, cumul)
    client.force_login(cumul)
    assert (
        client.post(_url(premier), {"date_paiement": "2026-02-01", "reference": "X"}).status_code
        == 403
    )
    premier.refresh_from_db()
    assert premier.statut == V.AUTORISE
