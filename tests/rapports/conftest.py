import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from referentiel.models import Territoire
from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    ObligationFactory,
    OrganismeFactory,
    ProgrammeFactory,
    VersementFactory,
    subvention_repartie,
)
from versements.models import Versement

S = Subvention.Statut


def subvention(programme, organisme, statut, repartition, **kwargs):
    return subvention_repartie(
        repartition, programme=programme, organisme=organisme, statut=statut, **kwargs
    )


@pytest.fixture
def jeu(db):
    """Two programmes, three organisations in two boroughs (one without), grants in several
    statuses over 2026 and 2027, paid and unpaid instalments, overdue and current reports."""
    arr = list(Territoire.objects.filter(type="arrondissement").order_by("nom")[:2])
    inclusive = ProgrammeFactory(nom="Montréal inclusive", code="montreal-inclusive")
    zones = ProgrammeFactory(nom="Zones d'inclusion prioritaires", code="zip")
    EnveloppeFactory(programme=inclusive, exercice=2026, montant=Decimal("500000.00"))
    EnveloppeFactory(programme=inclusive, exercice=2027, montant=Decimal("400000.00"))
    EnveloppeFactory(programme=zones, exercice=2026, montant=Decimal("100000.00"))
    o1 = OrganismeFactory(nom_legal="Accueil Plateau", arrondissement=arr[0])
    o2 = OrganismeFactory(nom_legal="Carrefour Nord", arrondissement=arr[1])
    o3 = OrganismeFactory(nom_legal="Sans Quartier", arrondissement=None)
    d = Decimal
    s1 = subvention(inclusive, o1, S.EN_COURS, {2026: d("120000.00"), 2027: d("30000.00")})
    s2 = subvention(inclusive, o2, S.APPROUVEE, {2026: d("80000.50")})
    s3 = subvention(inclusive, o3, S.FERMEE, {2027: d("45000.00")})
    subvention(inclusive, o1, S.EN_ANALYSE, {2026: d("60000.00")})
    subvention(inclusive, o2, S.REFUSEE, {2026: d("10000.00")})
    s6 = subvention(zones, o2, S.CONVENTION_SIGNEE, {2026: d("70000.00")})
    VersementFactory(
        subvention=s1,
        rang=1,
        montant=d("96000.00"),
        statut=Versement.Statut.PAYE,
        date_paiement=datetime.date(2026, 2, 3),
        reference_paiement="P-2026-2",
    )
    VersementFactory(subvention=s1, rang=2, montant=d("54000.00"))
    VersementFactory(
        subvention=s3,
        rang=1,
        # An instalment of 2027, s3's only exercice, paid in 2027.
        date_prevue=datetime.date(2027, 1, 1),
        montant=d("45000.00"),
        statut=Versement.Statut.PAYE,
        date_paiement=datetime.date(2027, 1, 15),
        reference_paiement="P-2027-1",
    )
    VersementFactory(
        subvention=s6,
        rang=1,
        montant=d("56000.00"),
        statut=Versement.Statut.PAYE,
        date_paiement=datetime.date(2026, 3, 1),
        reference_paiement="P-2026-3",
    )
    aujourd_hui = timezone.localdate()
    passe = aujourd_hui - datetime.timedelta(days=20)
    debut = passe - datetime.timedelta(days=60)
    ObligationFactory(subvention=s1, periode_debut=debut, periode_fin=passe, date_echeance=passe)
    ObligationFactory(
        subvention=s2,
        periode_debut=debut,
        periode_fin=passe - datetime.timedelta(days=5),
        date_echeance=passe - datetime.timedelta(days=5),
    )
    ObligationFactory(
        subvention=s6,
        periode_debut=debut,
        periode_fin=passe,
        date_echeance=passe,
        statut="a_corriger",
    )
    ObligationFactory(
        subvention=s1,
        type="rapport_final",
        periode_debut=debut,
        periode_fin=passe,
        date_echeance=passe,
        statut="accepte",
    )
    ObligationFactory(
        subvention=s2,
        type="rapport_final",
        periode_debut=debut,
        periode_fin=aujourd_hui,
        date_echeance=aujourd_hui + datetime.timedelta(days=30),
    )
    return {"inclusive": inclusive, "zones": zones, "organismes": (o1, o2, o3), "arr": arr}
