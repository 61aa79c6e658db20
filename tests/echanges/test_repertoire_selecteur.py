"""Which services the public directory lists: active services of active organisations funded by
a grant whose agreement is signed or in progress and whose period covers today."""

import datetime

import pytest
from django.utils import timezone

from echanges.repertoire.selectors import services_du_repertoire, subventions_actives
from subventions.models import Subvention
from tests.echanges.repertoire_donnees import service_finance
from tests.factories import OrganismeFactory, ServiceFinanceFactory, SubventionFactory

pytestmark = pytest.mark.django_db
S = Subvention.Statut


def noms():
    return set(services_du_repertoire().values_list("nom", flat=True))


@pytest.mark.parametrize("statut", [S.CONVENTION_SIGNEE, S.EN_COURS])
def test_une_subvention_signee_ou_en_cours_qui_couvre_aujourd_hui_montre_son_service(statut):
    service_finance(statut=statut, nom="Accueil Montréal-Nord")
    assert noms() == {"Accueil Montréal-Nord"}


@pytest.mark.parametrize(
    "statut",
    [S.EN_ANALYSE, S.RECOMMANDEE, S.APPROUVEE, S.TERMINEE, S.FERMEE, S.REFUSEE, S.ANNULEE],
)
def test_une_subvention_non_signee_terminee_ou_annulee_ne_montre_rien(statut):
    service_finance(statut=statut, nom="Absent")
    assert noms() == set()


@pytest.mark.parametrize(
    ("debut", "fin", "present"),
    [
        (-30, -1, False),  # ended yesterday
        (1, 30, False),  # starts tomorrow
        (0, 0, True),  # one-day grant, today
        (-365, 0, True),  # ends today
        (0, 365, True),  # starts today
    ],
)
def test_la_periode_de_la_subvention_doit_couvrir_aujourd_hui(debut, fin, present):
    service_finance(debut=debut, fin=fin, nom="Selon la période")
    assert (noms() == {"Selon la période"}) is present


def test_une_subvention_sans_dates_n_est_pas_active():
    sub = SubventionFactory(statut=S.EN_COURS, date_debut=None, date_fin=None)
    assert not subventions_actives().filter(pk=sub.pk).exists()


def test_un_organisme_ou_un_service_inactif_est_absent():
    service_finance(organisme=OrganismeFactory(actif=False), nom="Organisme fermé")
    service_finance(actif=False, nom="Service arrêté")
    service_finance(nom="Présent")
    assert noms() == {"Présent"}


def test_un_service_sans_subvention_est_absent():
    from tests.factories import ServiceFactory

    ServiceFactory(nom="Jamais financé")
    assert noms() == set()


def test_un_service_finance_par_deux_subventions_actives_n_apparait_qu_une_fois():
    service = service_finance(nom="Deux fois financé")
    ServiceFinanceFactory(
        service=service,
        subvention__organisme=service.organisme,
        subvention__statut=S.EN_COURS,
        subvention__date_debut=timezone.localdate() - datetime.timedelta(days=3),
        subvention__date_fin=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert list(services_du_repertoire().values_list("nom", flat=True)) == ["Deux fois financé"]


def test_une_subvention_annulee_a_cote_d_une_active_n_enleve_pas_le_service():
    service = service_finance(nom="Toujours là")
    ServiceFinanceFactory(
        service=service, subvention__organisme=service.organisme, subvention__statut=S.ANNULEE
    )
    assert noms() == {"Toujours là"}


def test_le_jour_se_donne_pour_les_tests_et_les_jobs():
    service_finance(debut=-30, fin=-1, nom="Hier encore")
    hier = timezone.localdate() - datetime.timedelta(days=1)
    assert set(services_du_repertoire(le=hier).values_list("nom", flat=True)) == {"Hier encore"}
