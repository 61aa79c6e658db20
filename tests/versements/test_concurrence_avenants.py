"""Two managers record an amendment on one grant at the same moment (PostgreSQL: real locks)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from subventions.models import Avenant, Subvention
from tests.factories import EnveloppeFactory, RepartitionFactory, SubventionFactory, UserFactory
from tests.subventions.test_concurrence import en_parallele
from versements.services.avenants import avenant_enregistrer
from versements.services.echeancier import echeancier_creer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous réels: PostgreSQL"),
]


def test_deux_avenants_du_meme_formulaire_un_seul_passe():
    agent = UserFactory(username="agent-av", roles=["agent"])
    g1 = UserFactory(username="gestionnaire-av1", roles=["gestionnaire"])
    g2 = UserFactory(username="gestionnaire-av2", roles=["gestionnaire"])
    s = SubventionFactory(
        agent=agent,
        statut=Subvention.Statut.EN_COURS,
        montant_accorde=D("33333.33"),
        date_decision=datetime.date(2026, 1, 10),
        date_signature=datetime.date(2026, 1, 20),
    )
    EnveloppeFactory(programme=s.programme, exercice=2026)
    RepartitionFactory(subvention=s, exercice=2026, montant=D("33333.33"))
    echeancier_creer(subvention=s, par=agent)
    s.refresh_from_db()

    def amender(par, montant):
        return lambda: avenant_enregistrer(
            subvention=s,
            par=par,
            version=s.version,
            montant=D(montant),
            repartitions=[{"exercice": 2026, "montant": D(montant)}],
            numero_resolution="CE26 0123",
            date_decision=datetime.date(2026, 3, 2),
            motif="Hausse",
        )

    resultats = en_parallele(amender(g1, "40000.00"), amender(g2, "45000.00"))
    passes = [r for r in resultats if isinstance(r, Avenant)]
    refus = [r for r in resultats if isinstance(r, ValidationError)]
    assert len(passes) == 1 and len(refus) == 1, resultats
    s.refresh_from_db()
    assert s.montant_accorde == passes[0].montant_apres
    assert s.versements.non_annules().total() == s.montant_accorde
    assert Avenant.objects.filter(subvention=s).count() == 1
