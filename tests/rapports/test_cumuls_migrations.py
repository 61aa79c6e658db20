"""The running totals' triggers across migrations: on SQLite a migration rebuilds a table (copy,
drop, rename), which fails while a trigger names a table the rebuild has dropped; they are
dropped before a migrate that has something to apply, then created again and every grant
counted again (the migrations' own writes went unlisted)."""

from decimal import Decimal

import pytest
from django.db import connection, models

from rapports.cumuls import declencheurs
from rapports.cumuls.services import cumuls_mettre_a_jour
from rapports.models import Cumul
from reddition.models import Rapport
from subventions.models import Subvention
from tests.factories import subvention_repartie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reconstruction de table: SQLite"),
]


def test_une_table_reconstruite_pendant_une_migration():
    sub = subvention_repartie({2026: Decimal("100.00")}, statut=Subvention.Statut.EN_COURS)
    cumuls_mettre_a_jour()
    assert not declencheurs.manquants()

    declencheurs.avant_migration(plan=[("reddition", "0099_essai")])
    assert declencheurs.manquants() == declencheurs.attendus()
    champ = models.IntegerField(default=0)
    champ.set_attributes_from_name("essai")
    with connection.schema_editor() as editeur:
        editeur.add_field(Rapport, champ)  # a rebuild of reddition_rapport
        editeur.remove_field(Rapport, champ)
    # A write while the triggers are gone, as a data migration's.
    Subvention.objects.filter(pk=sub.pk).update(montant_accorde=Decimal("7.00"))

    declencheurs.installer()
    assert not declencheurs.manquants()
    montant = Cumul.objects.get(figure=Cumul.Figure.MONTANT, exercice=0, statut=sub.statut)
    assert montant.valeur == 700


def test_rien_a_appliquer_ne_touche_pas_aux_declencheurs(db):
    declencheurs.avant_migration(plan=[])
    assert not declencheurs.manquants()
