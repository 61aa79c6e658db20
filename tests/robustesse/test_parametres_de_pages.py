"""Query strings and posted values that pages read by hand: a filter that works, a year that is
not one, ids that are not ids; never a 500."""

from decimal import Decimal

import pytest
from django.urls import reverse

from organismes import services
from reddition.models import Obligation
from tests.factories import (
    EnveloppeFactory,
    MembreFactory,
    ObligationFactory,
    OrganismeFactory,
    ProgrammeFactory,
    ServiceFinanceFactory,
)

pytestmark = pytest.mark.django_db


def test_filtre_organisme_des_profils_modifies(client, agent):
    membres = [MembreFactory(organisme=OrganismeFactory()) for _ in range(2)]
    for membre in membres:
        services.contact_ajouter(organisme=membre.organisme, par=membre.user, nom="Nouveau")
    choisi, autre = (m.organisme for m in membres)
    client.force_login(agent)
    for valeur in (str(choisi.pk), choisi.neq):
        reponse = client.get("/travail/profils-modifies/", {"organisme": valeur})
        assert reponse.status_code == 200
        assert list(reponse.context["table"].data) == [choisi], valeur
    tous = client.get("/travail/profils-modifies/").context["table"].data
    assert {o.pk for o in tous} == {choisi.pk, autre.pk}


@pytest.mark.parametrize("exercice", ["²", "٣", "abc", "-1", "99999999999999999999", "1e3", ""])
def test_enveloppe_exercice_quelconque(client, gestionnaire, exercice):
    programme = ProgrammeFactory()
    client.force_login(gestionnaire)
    reponse = client.get(
        f"/subventions/programmes/{programme.pk}/enveloppe/", {"exercice": exercice}
    )
    assert reponse.status_code == 200
    # Not a plausible year: the form opens on the current one.
    assert 2000 <= reponse.context["form"].initial["exercice"] <= 2100


def test_enveloppe_exercice_valide_ouvre_son_montant(client, gestionnaire):
    enveloppe = EnveloppeFactory(exercice=2027, montant=Decimal("12345"))
    client.force_login(gestionnaire)
    reponse = client.get(
        f"/subventions/programmes/{enveloppe.programme_id}/enveloppe/", {"exercice": "2027"}
    )
    assert reponse.context["form"].initial == {"exercice": 2027, "montant": Decimal("12345")}


@pytest.mark.parametrize("retirer", [["²"], ["99999999999999999999"], ["-1", "x", ""]])
def test_rapport_retirer_quelconque(client, partenaire, organisme, retirer):
    obligation = ObligationFactory(
        subvention__organisme=organisme, statut=Obligation.Statut.A_VENIR
    )
    ServiceFinanceFactory(subvention=obligation.subvention)
    client.force_login(partenaire)
    url = reverse("reddition:rapport", kwargs={"pk": obligation.pk})
    reponse = client.post(url, {"activites": "Ateliers", "retirer": retirer})
    assert reponse.status_code in (200, 302)
    assert obligation.rapport.activites == "Ateliers"
