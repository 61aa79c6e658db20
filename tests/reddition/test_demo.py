"""The demo's obligations tell a possible story: every signed grant has its final report, a
closed file has everything accepted, and the lists have something to show in every state."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from reddition.models import Obligation, Suivi
from subventions.models import Subvention
from tests.instantane import charger_demo
from tests.partage import donnees_du_module

S = Subvention.Statut
pytestmark = pytest.mark.django_db


ARGUMENTS = ("--subventions", "60", "--seed", "7")


def demo():
    call_command("demo", *ARGUMENTS, stdout=io.StringIO())


@pytest.fixture(scope="module", autouse=True)
def demo_du_module(django_db_setup, django_db_blocker):
    """The demo is built once for the module (tests/partage.py); each test then runs it a second
    time inside its own transaction, rolled back after it, to see that a rerun adds nothing."""
    with donnees_du_module(django_db_blocker, lambda: charger_demo(*ARGUMENTS)):
        yield


def test_obligations_de_demonstration():
    signees = Subvention.objects.filter(
        statut__in=[S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE]
    )
    assert signees.exists()
    for s in signees:
        assert s.obligations.filter(type="rapport_final").count() == 1, s.numero
    fermees = Obligation.objects.filter(subvention__statut=S.FERMEE)
    assert not fermees.exclude(statut="accepte").exists()
    etats = set(Obligation.objects.avec_etat().values_list("etat", flat=True))
    assert {"accepte", "soumis", "en_retard", "a_venir"} <= etats
    assert not Suivi.objects.filter(le__date__gt=timezone.localdate()).exists()
    for o in Obligation.objects.exclude(statut="a_venir"):
        assert o.suivis.filter(action="soumise").exists()
    avant = Obligation.objects.count(), Suivi.objects.count()
    demo()
    assert (Obligation.objects.count(), Suivi.objects.count()) == avant


def test_rapports_de_demonstration():
    """Each demo partner has an accepted report, one sent back with the officer's comment and a
    due draft; a rerun adds nothing."""
    from reddition.models import Rapport, VersionRapport

    for username in ("partenaire", "partenaire2"):
        rapports = Rapport.objects.filter(
            obligation__subvention__organisme__membres__user__username=username
        )
        assert set(rapports.values_list("statut", flat=True)) == {
            "accepte",
            "a_corriger",
            "brouillon",
        }, username
        brouillon = rapports.get(statut="brouillon")
        assert brouillon.obligation.etat == "a_venir" and brouillon.participations.exists()
        assert rapports.get(statut="a_corriger").versions.get().commentaire
    avant = Rapport.objects.count(), VersionRapport.objects.count()
    demo()
    assert (Rapport.objects.count(), VersionRapport.objects.count()) == avant


def test_les_rapports_acceptes_de_demonstration_nourrissent_le_graphique_des_participants(
    gestionnaire,
):
    from rapports.selectors import Filtres, participants_par_rubrique
    from reddition.models import Participation

    figure = participants_par_rubrique(user=gestionnaire, filtres=Filtres())
    assert figure["total"]["atteints"] > 0 and figure["total"]["cible"] > 0
    assert sum(1 for ligne in figure["lignes"] if ligne["atteints"]) >= 2
    avant = Participation.objects.count()
    demo()
    assert Participation.objects.count() == avant
