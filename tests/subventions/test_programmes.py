"""Programme pages: envelope situation per exercice, grants by status, admin registration."""

from decimal import Decimal

import pytest

from subventions import selectors
from subventions.models import Enveloppe, Programme, Subvention
from tests.factories import (
    EnveloppeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    SubventionFactory,
)

S = Subvention.Statut
NB = "\u00a0"


def money(texte):
    return texte.replace(" ", NB) + f"{NB}$"


@pytest.fixture
def programme(db):
    programme = ProgrammeFactory(nom="Montréal inclusive")
    EnveloppeFactory(programme=programme, exercice=2025, montant=Decimal("500000.00"))
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("300000.00"))

    def subvention(statut, repartition, programme=programme):
        s = SubventionFactory(
            programme=programme, statut=statut, montant_accorde=sum(repartition.values())
        )
        for exercice, montant in repartition.items():
            RepartitionFactory(subvention=s, exercice=exercice, montant=Decimal(montant))
        return s

    subvention(S.APPROUVEE, {2025: 100000, 2026: Decimal("50000.25")})
    subvention(S.EN_COURS, {2026: 80000})
    subvention(S.CONVENTION_SIGNEE, {2026: 0})
    # Not committed: before approval, refused or cancelled.
    subvention(S.EN_ANALYSE, {2026: 70000})
    subvention(S.RECOMMANDEE, {2025: 20000})
    subvention(S.REFUSEE, {2025: 10000})
    subvention(S.ANNULEE, {2026: 5000})
    # Committed in an exercice with no envelope entered: must not vanish from the page.
    subvention(S.FERMEE, {2027: 30000})
    # Another programme's committed grant.
    subvention(S.APPROUVEE, {2025: 999}, programme=ProgrammeFactory())
    return programme


def test_situation_par_exercice(programme):
    lignes = selectors.situation_enveloppes(programme=programme)
    assert [
        (ligne["exercice"], ligne["enveloppe"], ligne["engage"], ligne["solde"]) for ligne in lignes
    ] == [
        (2025, Decimal("500000.00"), Decimal("100000"), Decimal("400000.00")),
        (2026, Decimal("300000.00"), Decimal("130000.25"), Decimal("169999.75")),
        (2027, 0, Decimal("30000"), Decimal("-30000")),
    ]
    assert [ligne["sans_enveloppe"] for ligne in lignes] == [False, False, True]
    for ligne in lignes:
        assert ligne["solde"] == ligne["enveloppe"] - ligne["engage"]
    total = selectors.total_situation(lignes)
    assert total == {
        "enveloppe": Decimal("800000.00"),
        "engage": Decimal("260000.25"),
        "solde": Decimal("539999.75"),
    }


def test_engage_par_exercice_inchange(programme):
    # Used by the approval step: same signature and meaning (committed statuses only).
    assert selectors.engage_par_exercice(programme=programme) == {
        2025: Decimal("100000"),
        2026: Decimal("130000.25"),
        2027: Decimal("30000"),
    }


def test_page_programme_chiffres_et_totaux(client_de, gestionnaire, programme):
    reponse = client_de(gestionnaire).get(f"/subventions/programmes/{programme.pk}/")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    for attendu in [
        "500 000,00",
        "400 000,00",
        "130 000,25",
        "169 999,75",
        "-30 000,00",
        "800 000,00",
        "260 000,25",
        "539 999,75",
    ]:
        assert money(attendu) in contenu, attendu
    assert "aucune enveloppe saisie" in contenu
    assert '<th scope="row">Total</th>' in contenu
    assert f'href="/subventions/?programme={programme.pk}"' in contenu


def test_page_programme_subventions_par_statut(client_de, agent, programme):
    reponse = client_de(agent).get(f"/subventions/programmes/{programme.pk}/")
    par_statut = {s["statut"]: s["nombre"] for s in reponse.context["par_statut"]}
    assert par_statut == {
        "en_analyse": 1,
        "recommandee": 1,
        "approuvee": 1,
        "convention_signee": 1,
        "en_cours": 1,
        "terminee": 0,
        "fermee": 1,
        "refusee": 1,
        "annulee": 1,
    }
    assert reponse.context["nb_subventions"] == 8
    contenu = reponse.content.decode()
    assert f"?programme={programme.pk}&amp;statut=en_cours" in contenu
    # The link lands on the list narrowed to exactly that programme's grants.
    liste = client_de(agent).get("/subventions/", {"programme": programme.pk})
    assert liste.context["totaux"]["nombre"] == 8


def test_programme_sans_enveloppe(client_de, agent, db):
    programme = ProgrammeFactory()
    reponse = client_de(agent).get(f"/subventions/programmes/{programme.pk}/")
    assert reponse.status_code == 200
    assert "Aucune enveloppe" in reponse.content.decode()


def test_liste_des_programmes(client_de, agent, programme):
    reponse = client_de(agent).get("/subventions/programmes/")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Montréal inclusive" in contenu
    ligne = next(r for r in reponse.context["table"].rows if r.record == programme)
    assert ligne.get_cell_value("nb_subventions") == 8


@pytest.mark.parametrize(
    "role, statut",
    [
        (None, 302),
        ("partenaire", 403),
        ("agent", 200),
        ("gestionnaire", 200),
        ("administrateur", 200),
    ],
)
def test_acces_pages_programme(client_de, request, programme, role, statut):
    user = request.getfixturevalue(role) if role else None
    for url in ["/subventions/programmes/", f"/subventions/programmes/{programme.pk}/"]:
        reponse = client_de(user).get(url)
        assert reponse.status_code == statut, url
        if role is None:
            assert reponse.url.startswith("/connexion/")


def test_admin_programme_avec_enveloppes_et_historique(client_de, administrateur, db):
    client = client_de(administrateur)
    assert client.get("/admin/subventions/programme/add/").status_code == 200
    reponse = client.post(
        "/admin/subventions/programme/add/",
        {
            "code": "montreal-interculturel",
            "nom": "Montréal interculturel",
            "source_financement": "ville",
            "description": "",
            "actif": "on",
            "enveloppes-TOTAL_FORMS": "1",
            "enveloppes-INITIAL_FORMS": "0",
            "enveloppes-MIN_NUM_FORMS": "0",
            "enveloppes-MAX_NUM_FORMS": "1000",
            "enveloppes-0-exercice": "2026",
            "enveloppes-0-montant": "350000.00",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    programme = Programme.objects.get(code="montreal-interculturel")
    assert Enveloppe.objects.get(programme=programme).montant == Decimal("350000.00")
    historique = client.get(f"/admin/subventions/programme/{programme.pk}/history/")
    assert historique.status_code == 200
    assert programme.history.first().history_user == administrateur
    assert client.get("/admin/catalogue/serviceintegration/").status_code == 200
    assert client.get("/admin/catalogue/serviceintegration/add/").status_code == 200


def test_admin_refuse_aux_autres_roles(client_de, gestionnaire, agent, db):
    for user in (gestionnaire, agent):
        reponse = client_de(user).get("/admin/subventions/programme/")
        assert reponse.status_code == 302
        assert "/admin/login/" in reponse.url


def test_liste_des_programmes_filtree_et_exportee(client_de, gestionnaire, programme):
    ProgrammeFactory(nom="Montréal interculturel", source_financement=Programme.Source.VILLE)
    client = client_de(gestionnaire)
    contenu = client.get("/subventions/programmes/?q=interculturel").content.decode()
    assert "Montréal interculturel" in contenu and programme.nom not in contenu
    reponse = client.get("/subventions/programmes/?q=interculturel&_export=csv")
    lignes = b"".join(reponse.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lignes) == 2 and lignes[1].startswith("Montréal interculturel,")
