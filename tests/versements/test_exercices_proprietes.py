"""Properties of the schedule (issue 19), whatever the répartition (1 to 4 exercices, any
cents), the payments and the amendment: for every exercice Σ instalments not cancelled = its
part, Σ = montant accordé, paid ≤ part, each instalment planned within its exercice, and what
is paid or authorised never touched. Examples: the hypothesis profile of tests/conftest.py."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subventions.models import Subvention
from tests.factories import EnveloppeFactory, RepartitionFactory, SubventionFactory
from versements.models import Versement
from versements.services import echeancier, paiements
from versements.services.avenants import avenant_enregistrer

S = Subvention.Statut
V = Versement.Statut
C = Versement.Condition
CENT = D("0.01")
ANNEES = (2025, 2030)
PROPRIETE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CENTS = st.integers(min_value=1, max_value=5_000_000)
REPARTITION = st.dictionaries(st.integers(*ANNEES), CENTS, min_size=1, max_size=4).map(
    lambda parts: {e: D(c) * CENT for e, c in sorted(parts.items())}
)


def verifier_invariants(s):
    parts = dict(s.repartitions.values_list("exercice", "montant"))
    assert sum(parts.values(), D("0")) == s.montant_accorde
    non_annules = s.versements.non_annules()
    assert non_annules.total() == s.montant_accorde
    for exercice, part in parts.items():
        assert non_annules.filter(exercice=exercice).total() == part, exercice
        assert s.versements.payes().filter(exercice=exercice).total() <= part, exercice
    assert not non_annules.exclude(exercice__in=list(parts)).exists()
    for v in s.versements.all():
        assert v.date_prevue.year == v.exercice
        assert v.montant > 0


@PROPRIETE
@given(
    parts=REPARTITION,
    signature=st.dates(datetime.date(2024, 6, 1), datetime.date(2030, 12, 31)),
    fin=st.dates(datetime.date(2025, 1, 1), datetime.date(2030, 12, 31)),
)
def test_le_plan_par_defaut_suit_la_repartition(parts, signature, fin):
    s = Subvention(montant_accorde=sum(parts.values()), date_fin=fin)
    lignes = echeancier.echeancier_par_defaut(subvention=s, date_signature=signature, parts=parts)
    for exercice, part in parts.items():
        assert sum(ligne["montant"] for ligne in lignes if ligne["exercice"] == exercice) == part
    assert sum(ligne["montant"] for ligne in lignes) == s.montant_accorde
    assert all(ligne["date_prevue"].year == ligne["exercice"] for ligne in lignes)
    assert all(ligne["montant"] > 0 for ligne in lignes)
    # The first exercice is paid at signature (all of it, or its 80 % when it is the only
    # one: nothing for a single cent, whose one line waits for the final report).
    if len(parts) > 1 or parts[min(parts)] >= D("0.02"):
        assert lignes[0]["condition"] == C.SIGNATURE
    # The final report always holds back the last instalment (at least a cent: 20 % rounded
    # up), in the last exercice.
    assert lignes[-1]["condition"] == C.RAPPORT_FINAL
    assert lignes[-1]["exercice"] == max(parts)
    assert [ligne["condition"] for ligne in lignes].count(C.RAPPORT_FINAL) == 1
    # A later exercice is released by a report, never at signature.
    assert all(
        ligne["condition"] != C.SIGNATURE for ligne in lignes if ligne["exercice"] > min(parts)
    )


def nouvelle_repartition(s, draw):
    """An amendment's répartition: each exercice's part moved by a random amount, never below
    what is paid and authorised in it; an exercice with nothing engaged may go to 0 (out of
    the répartition); perhaps a new exercice."""
    engages = {}
    for v in s.versements.filter(statut__in=[V.PAYE, V.AUTORISE]):
        engages[v.exercice] = engages.get(v.exercice, D("0")) + v.montant
    voulue = {}
    for r in s.repartitions.all():
        ecart = D(draw(st.integers(-3_000_000, 3_000_000))) * CENT
        voulue[r.exercice] = max(engages.get(r.exercice, D("0")), r.montant + ecart)
    autres = [a for a in range(ANNEES[0], ANNEES[1] + 1) if a not in voulue]
    if autres and draw(st.booleans()):
        voulue[draw(st.sampled_from(autres))] = D(draw(CENTS)) * CENT
    voulue = {e: m for e, m in voulue.items() if m > 0}
    if not voulue:
        voulue = {max(s.repartitions.values_list("exercice", flat=True)): D("1.00")}
    return voulue


@pytest.mark.django_db
@PROPRIETE
@given(parts=REPARTITION, paye=st.lists(st.booleans(), max_size=8), data=st.data())
def test_paiements_et_avenant_gardent_chaque_exercice(agent, gestionnaire, parts, paye, data):
    s = SubventionFactory(
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=sum(parts.values()),
        # Room for any amendment: a granted amount never exceeds the one requested.
        montant_demande=D("100000000.00"),
        date_debut=datetime.date(ANNEES[0], 1, 1),
        date_fin=datetime.date(ANNEES[1], 12, 31),
        numero_resolution="CE25 0001",
        date_decision=datetime.date(2025, 1, 10),
        date_signature=datetime.date(2025, 1, 15),
    )
    for annee in range(ANNEES[0], ANNEES[1] + 1):
        EnveloppeFactory(programme=s.programme, exercice=annee, montant=D("999999999"))
    for exercice, part in parts.items():
        RepartitionFactory(subvention=s, exercice=exercice, montant=part)
    echeancier.echeancier_creer(subvention=s, par=agent)
    verifier_invariants(s)
    for condition in (C.RAPPORT_ETAPE, C.RAPPORT_FINAL):
        echeancier.versements_liberer(subvention=s, condition=condition, par=agent)
    for v, payer in zip(s.versements.order_by("rang"), paye, strict=False):
        if not payer:
            continue
        v = paiements.versement_autoriser(versement=v, par=gestionnaire)
        if data.draw(st.booleans()):
            paiements.versement_payer(
                versement=v,
                par=agent,
                date_paiement=timezone.localdate(),
                reference=f"P-{s.pk}-{v.rang}",
            )
    verifier_invariants(s)
    figes = list(
        s.versements.filter(statut__in=[V.PAYE, V.AUTORISE]).values_list(
            "pk", "exercice", "montant", "statut"
        )
    )
    voulue = nouvelle_repartition(s, data.draw)
    s.refresh_from_db()
    avenant_enregistrer(
        subvention=s,
        par=gestionnaire,
        version=s.version,
        montant=sum(voulue.values()),
        repartitions=[{"exercice": e, "montant": m} for e, m in voulue.items()],
        numero_resolution="CE26 0001",
        date_decision=datetime.date(2026, 1, 5),
        motif="Propriété",
    )
    s.refresh_from_db()
    assert dict(s.repartitions.values_list("exercice", "montant")) == voulue
    verifier_invariants(s)
    # The final report's instalment is the last to shrink: the amendment cancels it only when
    # nothing asking less proof is left to pay in its exercice.
    for final in s.versements.filter(condition=C.RAPPORT_FINAL, statut=V.ANNULE):
        restants = s.versements.filter(exercice=final.exercice, statut__in=[V.PREVU, V.RETENU])
        assert not restants.exists(), final.exercice
    assert (
        list(
            s.versements.filter(pk__in=[f[0] for f in figes]).values_list(
                "pk", "exercice", "montant", "statut"
            )
        )
        == figes
    )
    # Below what is paid or authorised in an exercice: refused, nothing changed.
    if figes:
        exercice = figes[0][1]
        moins = {**voulue, exercice: D("0")}
        with pytest.raises(ValidationError):
            s.refresh_from_db()
            avenant_enregistrer(
                subvention=s,
                par=gestionnaire,
                version=s.version,
                montant=sum(moins.values()) or D("1.00"),
                repartitions=[{"exercice": e, "montant": m} for e, m in moins.items() if m],
                numero_resolution="CE26 0002",
                date_decision=datetime.date(2026, 1, 6),
                motif="Sous le versé",
            )
        verifier_invariants(s)
