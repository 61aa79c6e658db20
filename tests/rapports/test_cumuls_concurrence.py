"""Two commits folding the same pending grants at once, or a write landing while they are folded,
never count a grant twice nor lose it (PostgreSQL: SQLite serialises writers anyway)."""

import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import F

from rapports.cumuls import services
from rapports.cumuls.verification import filtres_en_ecart
from rapports.models import CumulAMettreAJour
from rapports.selectors import Filtres
from subventions.models import Repartition, Subvention
from tests.factories import ProgrammeFactory, UserFactory, subvention_repartie
from tests.subventions.test_concurrence import en_parallele, ralentir

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous réels: PostgreSQL"),
]

S = Subvention.Statut


@pytest.fixture
def donnees(monkeypatch):
    programme = ProgrammeFactory()
    for i in range(4):
        subvention_repartie(
            {2026: Decimal("1000.00"), 2027: Decimal(i)},
            programme=programme,
            statut=S.EN_COURS,
            numero=f"BINAM-2090-{i:03d}",
        )
    services.cumuls_mettre_a_jour()
    # Widen the window between reading the contributions and committing.
    ralentir(monkeypatch, services, "_appliquer")
    return UserFactory(username="gestionnaire-c", roles=["gestionnaire"])


def egaux(user):
    services.cumuls_mettre_a_jour()
    filtres = [Filtres(), Filtres(exercice=2026), Filtres(exercice=2027)]
    assert filtres_en_ecart(user, filtres) == []


def test_deux_replis_simultanes_ne_comptent_qu_une_fois(donnees):
    Subvention.objects.update(montant_accorde=F("montant_accorde") + 1)  # 4 grants pending
    resultats = en_parallele(services.cumuls_mettre_a_jour, services.cumuls_mettre_a_jour)
    assert sorted(resultats) == [0, 4], resultats
    assert not CumulAMettreAJour.objects.exists()
    egaux(donnees)


def test_une_ecriture_pendant_le_repli_reste_en_attente(donnees):
    Subvention.objects.update(montant_accorde=F("montant_accorde") + 1)
    premiere = Subvention.objects.order_by("pk").first()

    def ecrire():
        time.sleep(0.2)  # while the fold holds the pending rows
        Subvention.objects.filter(pk=premiere.pk).update(montant_accorde=Decimal("5.00"))
        return "ecrit"

    resultats = en_parallele(services.cumuls_mettre_a_jour, ecrire)
    assert resultats == [4, "ecrit"], resultats
    # Listed again once the fold committed: counted by the next fold, not lost.
    assert set(CumulAMettreAJour.objects.values_list("subvention", flat=True)) == {premiere.pk}
    egaux(donnees)


def test_une_ecriture_sur_une_subvention_deja_listee_n_est_pas_perdue(donnees):
    """The grant is already listed when a write to it starts; a fold takes the list and commits
    before that write does: the write's own row stays listed for the next fold."""
    premiere = Subvention.objects.order_by("pk").first()
    Subvention.objects.filter(pk=premiere.pk).update(montant_accorde=F("montant_accorde") + 1)

    def ecrire():
        with transaction.atomic():
            Repartition.objects.filter(subvention=premiere, exercice=2026).update(montant=3)
            time.sleep(1)  # committed after the fold
        return "ecrit"

    def replier():
        time.sleep(0.3)  # once the write has listed the grant again
        return services.cumuls_mettre_a_jour()

    assert en_parallele(ecrire, replier) == ["ecrit", 1]
    assert set(CumulAMettreAJour.objects.values_list("subvention", flat=True)) == {premiere.pk}
    egaux(donnees)
