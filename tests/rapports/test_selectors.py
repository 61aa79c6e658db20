"""Every dashboard figure against an aggregate written independently in the database, and
against the amounts of the dataset worked out by hand."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from rapports import selectors
from rapports.cumuls.services import cumuls_mettre_a_jour
from rapports.selectors import Filtres
from reddition.models import Obligation
from subventions.models import Enveloppe, Repartition, Subvention
from versements.models import Versement

S = Subvention.Statut
ENGAGES = ["approuvee", "convention_signee", "en_cours", "terminee", "fermee"]
d = Decimal


def somme(qs, champ="montant"):
    return qs.aggregate(t=Sum(champ))["t"] or d("0")


def test_situation_par_programme_et_exercice(jeu, gestionnaire):
    resultat = selectors.situation(user=gestionnaire, filtres=Filtres())
    lignes = {(ligne["programme"].code, ligne["exercice"]): ligne for ligne in resultat["lignes"]}
    assert set(lignes) == {
        ("montreal-inclusive", 2026),
        ("montreal-inclusive", 2027),
        ("zip", 2026),
    }
    for (code, exercice), ligne in lignes.items():
        rep = Repartition.objects.filter(
            subvention__programme__code=code, exercice=exercice, subvention__statut__in=ENGAGES
        )
        assert ligne["engage"] == somme(rep)
        assert (
            ligne["enveloppe"]
            == Enveloppe.objects.get(programme__code=code, exercice=exercice).montant
        )
        # Versé of an exercice: its paid instalments, whatever the payment date.
        paye = Versement.objects.filter(
            subvention__programme__code=code, statut="paye", exercice=exercice
        )
        assert ligne["verse"] == somme(paye)
        assert ligne["solde"] == ligne["enveloppe"] - ligne["engage"]
    # By hand: the refused and the undecided grant are not committed.
    assert lignes[("montreal-inclusive", 2026)]["engage"] == d("200000.50")
    assert lignes[("montreal-inclusive", 2027)]["verse"] == d("45000.00")
    total = resultat["total"]
    assert total["enveloppe"] == somme(Enveloppe.objects.all())
    assert total["engage"] == somme(Repartition.objects.filter(subvention__statut__in=ENGAGES))
    assert total["verse"] == somme(Versement.objects.filter(statut="paye")) == d("197000.00")


def test_filtres_programme_et_exercice(jeu, gestionnaire):
    filtres = Filtres(programme=jeu["inclusive"], exercice=2026)
    lignes = selectors.situation(user=gestionnaire, filtres=filtres)["lignes"]
    assert [(ligne["programme"].code, ligne["exercice"]) for ligne in lignes] == [
        ("montreal-inclusive", 2026)
    ]
    assert lignes[0]["verse"] == d("96000.00")
    bref = selectors.en_bref(user=gestionnaire, filtres=filtres)
    # Grants of the programme with a part in 2026: s1, s2, the undecided one, the refused one.
    assert bref["nombre"] == 4
    assert bref["accorde"] == d("230000.50")
    assert bref["accorde_exercice"] == d("200000.50")
    assert bref["verse"] == d("96000.00")


def test_par_statut(jeu, agent):
    lignes = selectors.par_statut(user=agent, filtres=Filtres())
    assert [ligne["statut"] for ligne in lignes] == list(S.values)
    for ligne in lignes:
        qs = Subvention.objects.filter(statut=ligne["statut"])
        assert ligne["nombre"] == qs.count()
        # The amount in the column that names it: proposé before the decision, accordé from
        # approval on, neither for a refused or cancelled file.
        montant = somme(qs, "montant_accorde")
        propose = ligne["statut"] in Subvention.STATUTS_PROPOSES
        engage = ligne["statut"] in Subvention.STATUTS_ENGAGES
        assert ligne["propose"] == (montant if propose else None)
        assert ligne["accorde"] == (montant if engage else None)
    total = selectors.total_par_statut(lignes)
    bref = selectors.en_bref(user=agent, filtres=Filtres())
    assert (total["propose"], total["accorde"]) == (bref["propose"], bref["accorde"])
    assert sum(ligne["nombre"] for ligne in lignes) == Subvention.objects.count() == 6


def test_obligations_en_retard(jeu, gestionnaire):
    retards = selectors.obligations_en_retard(user=gestionnaire, filtres=Filtres())
    assert retards["nombre"] == Obligation.objects.en_retard().count() == 3
    o1, o2, _o3 = jeu["organismes"]
    par_organisme = {o["organisme_id"]: o for o in retards["organismes"]}
    assert set(par_organisme) == {o1.pk, o2.pk}
    assert par_organisme[o2.pk]["nombre"] == 2
    assert par_organisme[o1.pk]["nom"] == "Accueil Plateau"
    # Most overdue first: o2's report was due five days before o1's.
    assert retards["organismes"][0]["organisme_id"] == o2.pk
    zones = selectors.obligations_en_retard(
        user=gestionnaire, filtres=Filtres(programme=jeu["zones"])
    )
    assert zones["nombre"] == 1


def test_engage_par_arrondissement(jeu, gestionnaire):
    lignes = selectors.engage_par_arrondissement(user=gestionnaire, filtres=Filtres())
    engagees = Repartition.objects.filter(subvention__statut__in=ENGAGES)
    attendu = {
        a.nom: somme(engagees.filter(subvention__organisme__arrondissement=a)) for a in jeu["arr"]
    }
    attendu["Non précisé"] = somme(engagees.filter(subvention__organisme__arrondissement=None))
    assert {ligne["arrondissement"]: ligne["montant"] for ligne in lignes} == attendu
    assert sum(ligne["montant"] for ligne in lignes) == somme(engagees)
    assert [ligne["montant"] for ligne in lignes] == sorted(attendu.values(), reverse=True)
    exercice = selectors.engage_par_arrondissement(
        user=gestionnaire, filtres=Filtres(exercice=2027)
    )
    assert sum(ligne["montant"] for ligne in exercice) == d("75000.00")


def test_principaux_organismes(jeu, gestionnaire):
    lignes = selectors.principaux_organismes(user=gestionnaire, filtres=Filtres())
    o1, o2, o3 = jeu["organismes"]
    engagees = Subvention.objects.filter(statut__in=ENGAGES)
    attendu = [(o.pk, somme(engagees.filter(organisme=o), "montant_accorde")) for o in (o2, o1, o3)]
    assert [(ligne["organisme_id"], ligne["montant"]) for ligne in lignes] == attendu
    assert lignes[0]["montant"] == d("150000.50")
    assert len(selectors.principaux_organismes(user=gestionnaire, filtres=Filtres(), limite=1)) == 1


@pytest.mark.parametrize("role", ["partenaire", "administrateur"])
def test_rien_pour_qui_ne_lit_pas_les_rapports(jeu, request, role):
    user = request.getfixturevalue(role)
    figures = selectors.tableau_de_bord(user=user, filtres=Filtres())
    assert figures["situation"]["lignes"] == []
    assert figures["en_bref"]["nombre"] == 0
    assert figures["retards"]["nombre"] == 0
    assert figures["arrondissements"] == [] and figures["organismes"] == []
    assert all(s["nombre"] == 0 for s in figures["par_statut"])


@pytest.mark.parametrize(
    "cumuls, borne",
    [
        # The running totals (4), the envelopes, the late obligations, the statuses and
        # rubriques.
        (True, 8),
        # Live: 7 for the money and obligations figures, 3 for the participants.
        (False, 10),
    ],
)
def test_nombre_de_requetes_independant_des_donnees(
    jeu,
    gestionnaire,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    cumuls,
    borne,
):
    from tests.rapports.conftest import subvention

    filtres = Filtres()
    cumuls_mettre_a_jour()
    selectors.tableau_de_bord(user=gestionnaire, filtres=filtres)  # the user's roles, cached
    with django_assert_max_num_queries(borne) as avant:
        selectors.tableau_de_bord(user=gestionnaire, filtres=filtres, cumuls=cumuls)
    o1, o2, o3 = jeu["organismes"]
    # Committed, as a service's writes are: the running totals follow on commit.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for i in range(15):
            subvention(jeu["zones"], (o1, o2, o3)[i % 3], S.EN_COURS, {2026: d("1000.00")})
    with django_assert_max_num_queries(borne) as apres:
        selectors.tableau_de_bord(user=gestionnaire, filtres=filtres, cumuls=cumuls)
    assert len(apres.captured_queries) == len(avant.captured_queries)
