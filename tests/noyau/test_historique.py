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


def test_personnes_nommees_une_requete_pour_toutes(db, django_assert_max_num_queries):
    """Related objects are read once per related model, however many records name them."""
    from subventions.models import Subvention
    from tests.factories import SubventionFactory, UserFactory

    subvention = SubventionFactory()
    agents = [UserFactory(first_name="Agent", last_name=f"N{i}") for i in range(8)]
    for agent in agents:
        subvention.agent = agent
        subvention.save()
    with django_assert_max_num_queries(4):  # list; users; organisation; programme
        resultat = entrees(Subvention.history.filter(id=subvention.pk))
    noms = {c.nouveau for e in resultat for c in e.changements if c.champ == "Agent responsable"}
    assert noms == {f"Agent N{i}" for i in range(8)}


def test_chaque_champ_historise_a_un_libelle_traduisible():
    """History labels are the fields' verbose names (a relation without one takes its model's),
    never a name derived from the code, which would stay French in English."""
    from django.utils.functional import Promise
    from simple_history.models import registered_models

    from noyau.historique import IGNORES

    sans_libelle = []
    for modele in registered_models.values():
        for champ in [*modele._meta.concrete_fields, *modele._meta.many_to_many]:
            if champ.primary_key or champ.name in IGNORES:
                continue
            libelle = champ.verbose_name
            if not isinstance(libelle, Promise) and champ.is_relation:
                libelle = champ.related_model._meta.verbose_name
            if not isinstance(libelle, Promise):
                sans_libelle.append(f"{modele._meta.label}.{champ.name}")
    assert sans_libelle == []


def test_libelles_gardent_leurs_majuscules():
    from noyau.historique import libelle_champ
    from organismes.models import Organisme
    from subventions.models import Subvention

    assert libelle_champ(Organisme, "neq") == "NEQ"
    assert libelle_champ(Subvention, "numero_gdd") == "Numéro de dossier décisionnel (GDD)"


def test_numeros_de_subvention_insecables_dans_les_valeurs():
    from noyau.templatetags.binam import numeros_insecables

    # The value is escaped; only the number, or the reference that holds it, is kept whole.
    assert numeros_insecables("BINAM-2026-005 — <b>Soutien</b>") == (
        '<span class="sans-coupure">BINAM-2026-005</span> — &lt;b&gt;Soutien&lt;/b&gt;'
    )
    assert numeros_insecables("Réf. DEMO-BINAM-2026-005-1") == (
        'Réf. <span class="sans-coupure">DEMO-BINAM-2026-005-1</span>'
    )
    assert numeros_insecables(None) is None
