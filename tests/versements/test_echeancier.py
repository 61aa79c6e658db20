"""Editing a schedule: Σ = montant accordé to the cent, the gap in words, stale forms refused,
removed lines cancelled (never deleted), nothing editable once something is paid."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from noyau.versions import ConflitDeVersion
from versements.models import Versement
from versements.services import echeancier as services
from versements.services import paiements

V = Versement.Statut
C = Versement.Condition
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


# By default on the final instalment's date (2026-12-31, the last day of the grant's one
# exercice): an edit that moves money earlier is proposed to a manager instead
# (tests/versements/test_modifications.py).
def ligne(montant, condition=C.RAPPORT_FINAL, versement=None, date=datetime.date(2026, 12, 31)):
    return {
        "montant": Decimal(montant),
        "date_prevue": date,
        "condition": condition,
        "versement": versement,
    }


def modifier(signee, par, lignes, version=None):
    if version is None:
        version = services.version_echeancier(signee)
    return services.echeancier_modifier(subvention=signee, par=par, version=version, lignes=lignes)


def test_trois_versements(signee, premier, dernier, agent):
    modifier(
        signee,
        agent,
        [
            ligne("50000", C.SIGNATURE, premier.pk),
            ligne("30000", C.RAPPORT_ETAPE),
            ligne("20000", C.RAPPORT_FINAL, dernier.pk),
        ],
    )
    lignes = list(signee.versements.order_by("rang").values_list("rang", "montant", "condition"))
    assert lignes == [
        (1, Decimal("50000.00"), C.SIGNATURE),
        (2, Decimal("20000.00"), C.RAPPORT_FINAL),
        (3, Decimal("30000.00"), C.RAPPORT_ETAPE),
    ]
    assert not signee.versements.get(rang=3).condition_remplie


def test_une_ligne_retiree_est_annulee(signee, premier, dernier, agent):
    modifier(signee, agent, [ligne("100000", C.RAPPORT_FINAL, dernier.pk)])
    premier.refresh_from_db()
    assert premier.statut == V.ANNULE and premier.motif
    dernier.refresh_from_db()
    assert dernier.montant == Decimal("100000.00")
    assert signee.versements.count() == 2


@pytest.mark.parametrize(
    ("montant", "attendu"),
    [("78766", "il manque 1 234,00 $"), ("80000.01", "excédent de 0,01 $")],
)
def test_la_somme_doit_etre_exacte(signee, premier, dernier, agent, montant, attendu):
    with pytest.raises(ValidationError) as erreur:
        modifier(
            signee,
            agent,
            [ligne(montant, C.SIGNATURE, premier.pk), ligne("20000", versement=dernier.pk)],
        )
    assert attendu in erreur.value.messages[0].replace(NBSP, " ")
    premier.refresh_from_db()
    assert premier.montant == Decimal("80000.00")


def test_formulaire_perime(signee, premier, dernier, agent):
    version = services.version_echeancier(signee)
    modifier(
        signee,
        agent,
        [ligne("70000", C.SIGNATURE, premier.pk), ligne("30000", versement=dernier.pk)],
    )
    with pytest.raises(ConflitDeVersion):
        modifier(
            signee,
            agent,
            [ligne("60000", C.SIGNATURE, premier.pk), ligne("40000", versement=dernier.pk)],
            version=version,
        )
    premier.refresh_from_db()
    assert premier.montant == Decimal("70000.00")


def test_plus_rien_ne_bouge_une_fois_paye(signee, premier, dernier, agent, gestionnaire):
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    paiements.versement_payer(
        versement=premier, par=agent, date_paiement=datetime.date(2026, 2, 1), reference="P-1"
    )
    with pytest.raises(PermissionDenied):
        modifier(signee, agent, [ligne("20000", versement=dernier.pk)])


@pytest.mark.parametrize("role", ["autre_agent", "gestionnaire", "partenaire"])
def test_seul_l_agent_responsable(request, signee, premier, dernier, role):
    with pytest.raises(PermissionDenied):
        modifier(
            signee,
            request.getfixturevalue(role),
            [ligne("80000", C.SIGNATURE, premier.pk), ligne("20000", versement=dernier.pk)],
        )


def test_une_ligne_d_une_autre_subvention_est_refusee(signee, premier, dernier, agent):
    from tests.factories import VersementFactory

    etranger = VersementFactory()
    with pytest.raises(ValidationError, match="rechargez"):
        modifier(
            signee,
            agent,
            [ligne("80000", C.SIGNATURE, etranger.pk), ligne("20000", versement=dernier.pk)],
        )


def test_la_page(client, signee, premier, dernier, agent):
    client.force_login(agent)
    url = reverse("versements:modifier_echeancier", kwargs={"pk": signee.pk})
    page = client.get(url)
    assert page.status_code == 200
    version = page.context["version_form"]["version"].value()
    donnees = {
        "version": version,
        "versements-TOTAL_FORMS": "3",
        "versements-INITIAL_FORMS": "2",
        "versements-MIN_NUM_FORMS": "0",
        "versements-MAX_NUM_FORMS": "12",
        "versements-0-versement": premier.pk,
        "versements-0-montant": "80 000,00",
        "versements-0-date_prevue": "2026-01-20",
        "versements-0-condition": "signature",
        "versements-1-versement": dernier.pk,
        "versements-1-montant": "18 766,00",
        "versements-1-date_prevue": "2026-12-31",
        "versements-1-condition": "rapport_final",
        "versements-2-montant": "",
        "versements-2-date_prevue": "",
        "versements-2-condition": "",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "il manque 1 234,00 $" in reponse.content.decode().replace(NBSP, " ")
    donnees["versements-1-montant"] = "20 000,00"
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302
