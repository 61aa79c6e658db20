"""Two people acting at the same moment (PostgreSQL: SQLite serialises writers anyway)."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from subventions import services
from subventions.models import Subvention
from subventions.selectors import argent
from tests.factories import (
    EnveloppeFactory,
    OrganismeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    SubventionFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous réels: PostgreSQL"),
]


def ralentir(monkeypatch, module, nom, secondes=0.5):
    """Replaces `module.nom` by the same function followed by a pause: widens the window in
    which the other thread must wait (between reading a row and writing it back)."""
    reel = getattr(module, nom)

    def lent(*args, **kwargs):
        resultat = reel(*args, **kwargs)
        time.sleep(secondes)
        return resultat

    monkeypatch.setattr(module, nom, lent)


def en_parallele(*actions):
    """Runs the actions in threads released together; returns each result or exception."""
    depart = threading.Barrier(len(actions))
    resultats = [None] * len(actions)

    def executer(i, action):
        try:
            depart.wait()
            resultats[i] = action()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            resultats[i] = exc
        finally:
            connections.close_all()

    fils = [threading.Thread(target=executer, args=(i, a)) for i, a in enumerate(actions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)
    return resultats


def test_deux_approbations_ne_partagent_pas_le_dernier_dollar(monkeypatch):
    import time

    reel = argent.engage_par_exercice
    lectures = []

    def engage_lent(**kwargs):
        lectures.append(kwargs["programme"].pk)
        resultat = reel(**kwargs)
        time.sleep(0.5)  # widen the window between reading the commitment and writing
        return resultat

    # Where apercu_enveloppes, which the approval reads under its lock, looks the function up.
    monkeypatch.setattr(argent, "engage_par_exercice", engage_lent)
    programme = ProgrammeFactory()
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("100000"))
    agent = UserFactory(username="agent-c", roles=["agent"])
    g1 = UserFactory(username="gestionnaire-c1", roles=["gestionnaire"])
    g2 = UserFactory(username="gestionnaire-c2", roles=["gestionnaire"])
    dossiers = []
    for _ in range(2):
        s = SubventionFactory(
            programme=programme,
            agent=agent,
            statut=Subvention.Statut.RECOMMANDEE,
            montant_accorde=Decimal("60000"),
        )
        RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("60000"))
        dossiers.append(s)

    def approuver(s, par):
        return lambda: services.subvention_approuver(
            subvention=s,
            par=par,
            numero_resolution="CE26 0001",
            date_decision=datetime.date(2026, 1, 15),
        )

    resultats = en_parallele(approuver(dossiers[0], g1), approuver(dossiers[1], g2))
    approuvees = [r for r in resultats if isinstance(r, Subvention)]
    refus = [r for r in resultats if isinstance(r, ValidationError)]
    assert len(approuvees) == 1 and len(refus) == 1, resultats
    assert Subvention.objects.filter(statut=Subvention.Statut.APPROUVEE).count() == 1
    # Both approvals read the commitment through the slowed function: the window was open.
    assert lectures.count(programme.pk) >= 2, lectures


def test_numeros_distincts_sous_concurrence():
    agent = UserFactory(username="agent-n", roles=["agent"])
    organisme = OrganismeFactory()
    programme = ProgrammeFactory()

    def creer():
        return services.subvention_creer(
            par=agent,
            champs={
                "organisme": organisme,
                "programme": programme,
                "titre": "Projet",
                "date_debut": datetime.date(2026, 1, 1),
                "date_fin": datetime.date(2026, 12, 31),
            },
        )

    resultats = en_parallele(*[creer for _ in range(4)])
    assert all(isinstance(r, Subvention) for r in resultats), resultats
    assert len({r.numero for r in resultats}) == 4
