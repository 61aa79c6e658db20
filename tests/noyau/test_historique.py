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
