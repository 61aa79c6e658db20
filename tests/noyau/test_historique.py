from noyau.historique import entrees
from referentiel.models import Territoire


def test_m2m_et_booleens_lisibles(organisme):
    verdun = Territoire.objects.get(nom="Verdun")
    lachine = Territoire.objects.get(nom="Lachine")
    organisme.territoires_desservis.set([verdun])
    organisme.actif = False
    organisme.save()
    organisme.territoires_desservis.set([verdun, lachine])
    organisme.actif = True
    organisme.save()
    changements = [
        (c.champ, c.ancien, c.nouveau)
        for e in entrees(organisme.history.all())
        if e.type == "Modification"
        for c in e.changements
    ]
    assert changements == [
        ("Actif", "Non", "Oui"),
        ("Territoires desservis", "Verdun", "Lachine, Verdun"),
        ("Actif", "Oui", "Non"),
        ("Territoires desservis", "—", "Verdun"),
    ]


def test_creation_et_suppression_gardent_les_montants(db):
    from decimal import Decimal

    from subventions.models import Repartition
    from tests.factories import RepartitionFactory

    ligne = RepartitionFactory(exercice=2027, montant=Decimal("30000"))
    subvention_id = ligne.subvention_id
    ligne.delete()
    suppression, creation = entrees(Repartition.history.filter(subvention_id=subvention_id))
    assert ("Montant", "30\u00a0000,00\u00a0$", "—") in [
        (c.champ, c.ancien, c.nouveau) for c in suppression.changements
    ]
    assert ("Exercice", "—", "2027") in [
        (c.champ, c.ancien, c.nouveau) for c in creation.changements
    ]


def test_versions_precedentes_lues_dans_la_liste(db, django_assert_max_num_queries):
    """Diffs of several rows' histories need no query per record (previous versions come from
    the list already read)."""
    from decimal import Decimal

    from subventions.models import Repartition
    from tests.factories import RepartitionFactory, SubventionFactory

    subvention = SubventionFactory()
    lignes = [RepartitionFactory(subvention=subvention, exercice=e) for e in (2025, 2026, 2027)]
    for i in range(10):
        for ligne in lignes:
            ligne.montant = Decimal(1000 + i)
            ligne.save()
    with django_assert_max_num_queries(2):  # the list, then the grant named once
        resultat = entrees(Repartition.history.filter(subvention_id=subvention.pk))
    assert len(resultat) == 33
    assert all(e.changements for e in resultat)
