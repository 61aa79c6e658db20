"""The signing step's page is the whole of "Signer la convention": signature, agreement,
schedule and reporting obligations in one go, or nothing when any part is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reddition.models import Obligation
from subventions.cycle import ETAPES
from subventions.models import Subvention
from tests.factories import PDF_MINIMAL, RepartitionFactory, SubventionFactory
from versements.models import ConventionSignee, Versement

S = Subvention.Statut
pytestmark = pytest.mark.django_db


@pytest.fixture
def approuvee(organisme, agent):
    aujourd_hui = timezone.localdate()
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.APPROUVEE,
        montant_accorde=Decimal("150000.00"),
        montant_demande=Decimal("150000.00"),
        date_decision=aujourd_hui - datetime.timedelta(days=30),
        date_debut=aujourd_hui,
        date_fin=aujourd_hui + datetime.timedelta(days=540),
    )
    # Paid over the three exercices the project spans (the schedule follows the répartition).
    annee = aujourd_hui.year
    for exercice, montant in ((annee, "10000"), (annee + 1, "100000"), (annee + 2, "40000")):
        RepartitionFactory(subvention=s, exercice=exercice, montant=Decimal(montant))
    return s


def signer(client, subvention, **donnees):
    etape = ETAPES["signer"]
    url = reverse(etape.vue, kwargs=etape.url_kwargs(subvention))
    return client.post(
        url,
        {
            "date_signature": timezone.localdate().isoformat(),
            "document": SimpleUploadedFile("convention.pdf", PDF_MINIMAL),
            "commentaire": "",
            **donnees,
        },
    )


def test_la_page_de_signature_cree_echeancier_et_obligations(client, agent, approuvee):
    client.force_login(agent)
    assert signer(client, approuvee).status_code == 302
    approuvee.refresh_from_db()
    assert approuvee.statut == S.CONVENTION_SIGNEE
    # The first exercice at signature, the second on its rapport d'étape, the third 80 % on
    # its rapport d'étape and 20 % on the final report.
    assert Versement.objects.filter(subvention=approuvee).count() == 4
    types = list(
        Obligation.objects.filter(subvention=approuvee)
        .order_by("type")
        .values_list("type", flat=True)
    )
    # Three exercices, 150 000 $: a rapport d'étape per year boundary, the final report and
    # the financial statements.
    assert types == ["etats_financiers", "rapport_etape", "rapport_etape", "rapport_final"]
    fiche = client.get(approuvee.get_absolute_url()).content.decode()
    assert "Rapport final" in fiche


def test_un_refus_ne_laisse_rien(client, agent, approuvee):
    client.force_login(agent)
    futur = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    reponse = signer(client, approuvee, date_signature=futur)
    assert reponse.status_code == 200
    approuvee.refresh_from_db()
    assert approuvee.statut == S.APPROUVEE
    assert not Versement.objects.filter(subvention=approuvee).exists()
    assert not Obligation.objects.filter(subvention=approuvee).exists()
    assert not ConventionSignee.objects.filter(subvention=approuvee).exists()
