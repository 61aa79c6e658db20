"""Two people paying the same instalment, or batching the same ones, at the same moment
(PostgreSQL: SQLite serialises writers anyway)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from subventions.models import Subvention
from tests.factories import RepartitionFactory, SubventionFactory, UserFactory, VersementFactory
from tests.subventions.test_concurrence import en_parallele, ralentir
from versements.models import LotPaiement, Versement
from versements.services import paiements

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous réels: PostgreSQL"),
]


def test_un_versement_n_est_paye_qu_une_fois(monkeypatch):
    agent = UserFactory(username="agent-p", roles=["agent"])
    gestionnaire = UserFactory(username="gestionnaire-p", roles=["gestionnaire"])
    s = SubventionFactory(
        agent=agent,
        statut=Subvention.Statut.EN_COURS,
        montant_accorde=Decimal("10000.00"),
        date_signature=datetime.date(2026, 1, 5),
    )
    # Paying checks the exercice's part: the grant's répartition holds it.
    RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("10000.00"))
    v = VersementFactory(subvention=s, rang=1, montant=Decimal("10000.00"))
    paiements.versement_autoriser(versement=v, par=gestionnaire)

    # Widen the window between reading the status and writing.
    ralentir(monkeypatch, paiements, "_verrouiller_versement")

    def payer(reference):
        return lambda: paiements.versement_payer(
            versement=v, par=agent, date_paiement=datetime.date(2026, 2, 1), reference=reference
        )

    resultats = en_parallele(payer("PAI-A"), payer("PAI-B"))
    payes = [r for r in resultats if isinstance(r, Versement)]
    refus = [r for r in resultats if isinstance(r, ValidationError)]
    assert len(payes) == 1 and len(refus) == 1, resultats
    assert Versement.objects.payes().count() == 1
    assert Versement.objects.payes().total() == Decimal("10000.00")


def test_deux_lots_ne_partagent_pas_un_versement():
    gestionnaires = [
        UserFactory(username=f"gestionnaire-l{i}", roles=["gestionnaire"]) for i in (1, 2)
    ]
    s = SubventionFactory(statut=Subvention.Statut.EN_COURS)
    for rang in (1, 2, 3):
        v = VersementFactory(subvention=s, rang=rang)
        paiements.versement_autoriser(versement=v, par=gestionnaires[0])

    resultats = en_parallele(*[lambda g=g: paiements.lot_creer(par=g) for g in gestionnaires])
    lots = [r for r in resultats if isinstance(r, LotPaiement)]
    assert lots, resultats
    assert sum(lot.versements.count() for lot in lots) == 3
    assert not Versement.objects.filter(lot__isnull=True).exists()


def test_autoriser_et_annuler_en_meme_temps(monkeypatch):
    """Two managers both see the instalment planned: one authorises, the other cancels. The
    second is refused whichever it is, the row ends in the winner's status, one step recorded."""
    gestionnaires = [
        UserFactory(username=f"gestionnaire-a{i}", roles=["gestionnaire"]) for i in (1, 2)
    ]
    s = SubventionFactory(statut=Subvention.Statut.EN_COURS)
    v = VersementFactory(subvention=s, rang=1, montant=Decimal("10000.00"))
    pas_avant = v.history.count()

    ralentir(monkeypatch, paiements, "_verrouiller_versement")
    vu = Versement.Statut.PREVU
    resultats = en_parallele(
        lambda: paiements.versement_autoriser(versement=v, par=gestionnaires[0], statut_vu=vu),
        lambda: paiements.versement_annuler(
            versement=v, par=gestionnaires[1], motif="Projet abandonné", statut_vu=vu
        ),
    )
    gagnants = [r for r in resultats if isinstance(r, Versement)]
    refus = [r for r in resultats if isinstance(r, ValidationError)]
    assert len(gagnants) == 1 and len(refus) == 1, resultats
    assert "rien n'a été fait" in " ".join(refus[0].messages)
    v.refresh_from_db()
    assert v.statut == gagnants[0].statut
    if v.statut == Versement.Statut.AUTORISE:
        assert v.autorise_par == gestionnaires[0] and v.motif == ""
    else:
        assert v.statut == Versement.Statut.ANNULE and v.autorise_par is None
    etapes = list(v.history.order_by("history_date")[pas_avant:])
    assert len(etapes) == 1
    assert etapes[0].statut == v.statut
