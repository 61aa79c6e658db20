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
from tests.factories import PDF_MINIMAL, SubventionFactory
from versements.models import ConventionSignee, Versement

S = Subvention.Statut
pytestmark = pytest.mark.django_db


@pytest.fixture
def approuvee(organisme, agent):
    aujourd_hui = timezone.localdate()
    return SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.APPROUVEE,
        montant_accorde=Decimal("150000.00"),
        montant_demande=Decimal("150000.00"),
        date_decision=aujourd_hui - datetime.timedelta(days=30),
        date_debut=aujourd_hui,
        date_fin=aujourd_hui + datetime.timedelta(days=540),
    )


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
    assert Versement.objects.filter(subvention=approuvee).count() == 2
    types = set(Obligation.objects.filter(subvention=approuvee).values_list("type", flat=True))
    # More than a year, 150 000 $: mid-way report, final report and financial statements.
    assert types == {"rapport_etape", "rapport_final", "etats_financiers"}
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
