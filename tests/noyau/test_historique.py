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
        for c in e.changements
    ]
    assert changements == [
        ("Actif", "Non", "Oui"),
        ("Territoires desservis", "Verdun", "Lachine, Verdun"),
        ("Actif", "Oui", "Non"),
        ("Territoires desservis", "—", "Verdun"),
    ]
