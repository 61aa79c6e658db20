"""The demo shows real payments, and they respect the invariants."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from subventions.models import Subvention
from versements.models import Versement

S = Subvention.Statut
pytestmark = pytest.mark.django_db


def test_demo_avec_versements():
    call_command("demo", "--subventions", "30", "--seed", "7", stdout=io.StringIO())
    nombre = Versement.objects.count()
    assert Versement.objects.payes().total() > 0
    aujourd_hui = timezone.localdate()
    signees = Subvention.objects.filter(
        statut__in=[S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE]
    )
    assert signees.exists()
    for s in signees:
        total = s.versements.non_annules().aggregate(t=Sum("montant"))["t"]
        assert total == s.montant_accorde, s.numero
        assert s.date_signature is not None, s.numero
        for v in s.versements.payes():
            assert s.date_signature <= v.date_paiement <= aujourd_hui, s.numero
        if s.statut == S.FERMEE:
            assert s.versements.payes().total() == s.montant_accorde, s.numero
    assert not Versement.objects.exclude(
        subvention__statut__in=[S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE]
    ).exists()
    call_command("demo", "--subventions", "30", "--seed", "7", stdout=io.StringIO())
    assert Versement.objects.count() == nombre
