"""Programme pages: envelope situation per exercice, grants by status, admin registration."""

from decimal import Decimal

import pytest

from rapports.selectors import Filtres
from rapports.selectors import situation as situation_rapports
from subventions import selectors
from subventions.models import Enveloppe, Programme, Subvention
from tests.factories import (
    EnveloppeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    SubventionFactory,
    subvention_repartie,
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
        return subvention_repartie(repartition, programme=programme, statut=statut)

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


def test_situation_par_exercice(programme, agent):
    # The programme page reads the dashboard's figure (rapports.selectors.situation).
    situation = situation_rapports(
        user=agent, filtres=Filtres(programme=programme), permission="subventions.voir_programmes"
    )
    lignes = situation["lignes"]
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
    # Proposals apart: the undecided 2026 and 2025 files, never inside engagé.
    assert [ligne["propose"] for ligne in lignes] == [Decimal("20000"), Decimal("70000"), 0]
    assert situation["total"] == {
        "enveloppe": Decimal("800000.00"),
        "engage": Decimal("260000.25"),
        "solde": Decimal("539999.75"),
        "depassement": Decimal("-30000"),
        "exercices_depasses": [2027],
        "verse": 0,
        "propose": Decimal("90000"),
    }


def test_solde_negatif_dit_depassement_jusque_dans_le_total(client_de, gestionnaire, programme):
    # 2027 is over-committed (no envelope, 30 000 $ committed); the total solde stays positive
    # (539 999,75 $), so the totals row must still say that one exercice is over.
    contenu = client_de(gestionnaire).get(f"/subventions/programmes/{programme.pk}/").content
    contenu = contenu.decode()
    ligne_2027 = contenu[contenu.index('<th scope="row">2027') :].split("</tr>")[0]
    assert '<strong class="depassement">' + money("\u221230 000,00") in ligne_2027
    assert "Dépassement</span>" in ligne_2027
    assert "-30" not in contenu  # never a hyphen for a negative amount
    pied = contenu[contenu.index("<tfoot>") : contenu.index("</tfoot>")]
    assert money("539 999,75") in pied
    assert "Dépassement en 2027 : " + money("\u221230 000,00") in pied
    # Years within their envelope carry no such mention.
    ligne_2025 = contenu[contenu.index('<th scope="row">2025') :].split("</tr>")[0]
    assert "depassement" not in ligne_2025


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
        "\u221230 000,00",
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


def test_admin_programme_sans_enveloppe_et_historique(client_de, administrateur, db):
    """The administrator creates the programme; its envelope is a budget decision, set by a
    manager on the programme's page with a reason: the admin ignores envelope rows sent to it."""
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
    assert not Enveloppe.objects.filter(programme=programme).exists()
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


@pytest.fixture
def annee(monkeypatch):
    """Freezes the exercice containing today (noyau.champs.exercice_courant)."""
    import datetime
    from types import SimpleNamespace

    import noyau.champs

    def figer(an):
        aujourd_hui = datetime.date(an, 6, 15)
        monkeypatch.setattr(
            noyau.champs, "timezone", SimpleNamespace(localdate=lambda: aujourd_hui)
        )

    return figer


def test_liste_des_programmes_situation_de_l_exercice_courant(client_de, agent, programme, annee):
    annee(2026)
    reponse = client_de(agent).get("/subventions/programmes/")
    ligne = next(r for r in reponse.context["table"].rows if r.record == programme)
    # The same figures as the programme page's 2026 line.
    assert [ligne.get_cell_value(c) for c in ("enveloppe", "engage", "solde")] == [
        Decimal("300000.00"),
        Decimal("130000.25"),
        Decimal("169999.75"),
    ]
    contenu = reponse.content.decode()
    assert "Enveloppe 2026" in contenu and "Solde 2026" in contenu
    assert money("169 999,75") in contenu
    # 2027: no envelope entered, 30 000 $ committed: an overrun, said in words.
    annee(2027)
    reponse = client_de(agent).get("/subventions/programmes/")
    ligne = next(r for r in reponse.context["table"].rows if r.record == programme)
    assert ligne.get_cell_value("solde") == Decimal("-30000")
    contenu = reponse.content.decode()
    assert '<strong class="depassement">' + money("\u221230 000,00") in contenu
    assert "Dépassement" in contenu


def test_liste_des_programmes_exportee_avec_l_exercice_courant(
    client_de, gestionnaire, programme, annee
):
    from io import BytesIO

    from openpyxl import load_workbook

    annee(2026)
    client = client_de(gestionnaire)
    reponse = client.get("/subventions/programmes/?q=inclusive&_export=xlsx")
    feuille = load_workbook(BytesIO(b"".join(reponse.streaming_content))).active
    entetes, valeurs = list(feuille.iter_rows(values_only=True))
    ligne = dict(zip(entetes, valeurs, strict=True))
    assert ligne["Enveloppe 2026"] == 300000
    assert ligne["Engagé 2026"] == 130000.25
    assert ligne["Solde 2026"] == 169999.75
    reponse = client.get("/subventions/programmes/?q=inclusive&_export=csv&sort=solde")
    lignes = b"".join(reponse.streaming_content).decode("utf-8-sig").splitlines()
    assert "Enveloppe 2026,Engagé 2026,Solde 2026" in lignes[0]
    assert ",300000.00,130000.25,169999.75," in lignes[1]


def test_liste_des_programmes_en_nombre_de_requetes_borne(
    client_de, agent, programme, django_assert_max_num_queries
):
    client = client_de(agent)
    client.get("/subventions/programmes/")  # warm the session
    for i in range(30):
        autre = ProgrammeFactory(nom=f"Programme {i:02d}")
        EnveloppeFactory(programme=autre, exercice=2026, montant=Decimal("1000"))
        s = SubventionFactory(programme=autre, statut=S.EN_COURS, montant_accorde=Decimal("10"))
        RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("10"))
    # Session, user, roles, count, page: the same six queries for 32 programmes as for one.
    with django_assert_max_num_queries(6):
        assert client.get("/subventions/programmes/?sort=-solde").status_code == 200
    with django_assert_max_num_queries(6):
        reponse = client.get("/subventions/programmes/?_export=csv")
        assert len(b"".join(reponse.streaming_content).splitlines()) == 33
