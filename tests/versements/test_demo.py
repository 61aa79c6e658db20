"""The demo shows real payments, and they respect the invariants."""

import datetime
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.utils import timezone

from organismes.models import Document
from subventions.models import Avenant, Subvention
from tests.instantane import charger_demo
from versements.models import Versement

S = Subvention.Statut
pytestmark = pytest.mark.django_db


def test_demo_avec_versements():
    charger_demo("--subventions", "30", "--seed", "7")
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
    # Separation of duties: every paid instalment was authorised by someone else.
    payes = Versement.objects.payes()
    assert not payes.filter(autorise_par__isnull=True).exists()
    assert not payes.filter(paye_par=F("autorise_par")).exists()
    assert not Versement.objects.exclude(
        subvention__statut__in=[S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE]
    ).exists()
    # What the lists and the grant pages should have to show: a retained instalment with its
    # reason, amendments on two signed grants, insurance certificates to renew this month.
    retenus = Versement.objects.filter(statut=Versement.Statut.RETENU)
    assert retenus.exists() and not retenus.filter(motif="").exists()
    assert retenus.first().history.filter(history_change_reason="Retenir").exists()
    amendees = Subvention.objects.filter(avenants__isnull=False).distinct()
    assert amendees.count() >= 2
    assert not amendees.exclude(statut__in=[S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE]).exists()
    for s in amendees:
        assert s.avenants.latest("rang").montant_apres == s.montant_accorde, s.numero
        assert sum(r.montant for r in s.repartitions.all()) == s.montant_accorde, s.numero
    bientot = Document.objects.filter(
        date_validite__gte=aujourd_hui, date_validite__lte=aujourd_hui + timedelta(days=30)
    )
    assert bientot.exists()
    # Every exercice of every grant: its instalments sum to its part, paid never above it.
    sortie = io.StringIO()
    call_command("verifier_exercices", stdout=sortie)
    assert sortie.getvalue().startswith("Tout concorde")
    plusieurs = [s for s in signees if s.repartitions.count() > 1]
    assert plusieurs, "the demo has multi-year grants"
    for s in plusieurs:
        # A rapport d'étape ends on 31 December before each later exercice: it releases it.
        fins = set(s.obligations.filter(type="rapport_etape").values_list("periode_fin", flat=True))
        exercices = sorted(s.repartitions.filter(montant__gt=0).values_list("exercice", flat=True))
        for exercice in exercices[1:]:
            assert datetime.date(exercice - 1, 12, 31) in fins, s.numero
    # A report-conditioned instalment is paid only once its report is accepted.
    for v in Versement.objects.payes().exclude(condition="signature"):
        acceptes = v.subvention.obligations.filter(type=v.condition, statut="accepte")
        if v.condition == "rapport_etape":
            acceptes = acceptes.filter(periode_fin__year__gte=v.exercice - 1)
        assert acceptes.exists(), v
    avant = (Avenant.objects.count(), retenus.count(), Document.objects.count())
    call_command("demo", "--subventions", "30", "--seed", "7", stdout=io.StringIO())
    assert Versement.objects.count() == nombre
    assert (Avenant.objects.count(), retenus.count(), Document.objects.count()) == avant
