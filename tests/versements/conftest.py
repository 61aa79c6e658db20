import datetime
from decimal import Decimal

import pytest

from subventions.models import Subvention
from tests.factories import RepartitionFactory, SubventionFactory, VersementFactory
from versements.models import Versement

C = Versement.Condition


@pytest.fixture
def signee(organisme, agent):
    """A signed one-year grant (2026) of the partner's organisation, assigned to `agent`, with
    the default schedule of 100 000 $: 80 000 $ at signature, 20 000 $ on the final report,
    planned on 31 December 2026 (end date + 60 days falls in 2027, after its exercice)."""
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=Subvention.Statut.EN_COURS,
        montant_accorde=Decimal("100000.00"),
        numero_resolution="CE26 0042",
        date_decision=datetime.date(2026, 1, 10),
        date_signature=datetime.date(2026, 1, 20),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("100000.00"))
    VersementFactory(
        subvention=s,
        rang=1,
        montant=Decimal("80000.00"),
        date_prevue=datetime.date(2026, 1, 20),
        condition=C.SIGNATURE,
    )
    VersementFactory(
        subvention=s,
        rang=2,
        montant=Decimal("20000.00"),
        date_prevue=datetime.date(2026, 12, 31),
        condition=C.RAPPORT_FINAL,
    )
    return s


@pytest.fixture
def premier(signee):
    return signee.versements.get(rang=1)


@pytest.fixture
def dernier(signee):
    return signee.versements.get(rang=2)
