"""Totals are summed over the list as it is only when no row can repeat."""

from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef

from noyau.requetes import sans_doublons
from subventions.models import Repartition, Subvention
from subventions.selectors import totaux_subventions
from tests.factories import RepartitionFactory, SubventionFactory

S = Subvention.Statut


def test_jointures_a_une_valeur_et_exists():
    qs = Subvention.objects.select_related("organisme", "programme")
    assert sans_doublons(qs)
    assert sans_doublons(qs.filter(organisme__nom_legal="x", programme__nom="y"))
    repartition = Repartition.objects.filter(subvention=OuterRef("pk"), exercice=2026)
    assert sans_doublons(qs.filter(Exists(repartition)))


def test_jointures_a_plusieurs_valeurs_distinct_et_tranches():
    qs = Subvention.objects.all()
    assert not sans_doublons(qs.filter(repartitions__exercice=2026))
    assert not sans_doublons(qs.filter(organisme__territoires_desservis__isnull=False))
    assert not sans_doublons(qs.distinct())
    assert not sans_doublons(qs[:5])


@pytest.mark.django_db
def test_totaux_d_une_liste_qui_repete_une_subvention():
    grant = SubventionFactory(statut=S.APPROUVEE, montant_accorde=Decimal("40000"))
    RepartitionFactory(subvention=grant, exercice=2026, montant=Decimal("10000"))
    RepartitionFactory(subvention=grant, exercice=2027, montant=Decimal("30000"))
    repetee = Subvention.objects.filter(repartitions__montant__gt=0)
    assert repetee.count() == 2  # the grant twice, once per répartition

    totaux = totaux_subventions(subventions=repetee, exercice=2026)
    assert totaux["nombre"] == 1
    assert totaux["accorde"] == Decimal("40000")
    assert totaux["accorde_exercice"] == Decimal("10000")

    directs = totaux_subventions(subventions=Subvention.objects.all(), exercice=2027)
    assert directs["accorde"] == Decimal("40000")
    assert directs["accorde_exercice"] == Decimal("30000")
