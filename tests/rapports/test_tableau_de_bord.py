"""The dashboard page: its figures, charts and tables, its filters, its cost in queries."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from rapports import selectors
from tests.rapports.conftest import subvention

URL = reverse("rapports:tableau_de_bord")


def test_graphiques_et_tableaux(jeu, client_de, gestionnaire):
    reponse = client_de(gestionnaire).get(URL)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    # Four charts, each an image named by its title and described, with its table beside it.
    assert html.count('role="img"') == 4
    for ident in ("situation", "statuts", "arrondissements", "organismes"):
        assert f'aria-labelledby="graphique-{ident}-titre graphique-{ident}-desc"' in html
        assert f'<caption id="{ident}-legende">' in html
    assert '<title id="graphique-situation-titre">' in html
    # Money as everywhere else; compact in the charts, with the series named in words.
    assert "200\u00a0000,50\u00a0$" in html  # engagé, Montréal inclusive 2026
    assert "197\u00a0000,00\u00a0$" in html  # versé, total
    assert "Engagé 200\u00a0k$" in html
    assert "Accueil Plateau" in html and "Carrefour Nord" in html
    assert "3 obligations en retard." in html
    assert 'href="/rapports/" aria-current="page"' in html  # the staff menu


def test_filtres(jeu, client_de, agent):
    html = client_de(agent).get(URL, {"programme": jeu["zones"].pk, "exercice": 2026})
    html = html.content.decode()
    assert "Zones d&#x27;inclusion prioritaires" in html
    assert "1 obligation en retard." in html
    assert "Accueil Plateau" not in html


@pytest.mark.parametrize(
    "parametres",
    [
        {"exercice": "abc"},
        {"exercice": "2026.5"},
        {"exercice": "99999"},
        {"programme": "999999"},
        {"programme": "x' OR 1=1"},
        {"exercice": ["2026", "zzz"]},
    ],
)
def test_filtres_invalides(jeu, client_de, gestionnaire, parametres):
    reponse = client_de(gestionnaire).get(URL, parametres)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'class="erreurs"' in html
    assert re.search(
        r"Saisissez un nombre entier|Sélectionnez un choix valide|inférieur|supérieur", html
    )
    assert 'role="img"' not in html


def test_sans_donnees(db, client_de, gestionnaire):
    reponse = client_de(gestionnaire).get(URL)
    assert reponse.status_code == 200
    assert "Aucune obligation en retard." in reponse.content.decode()


@pytest.mark.parametrize("filtre", ["", "?programme={programme}&exercice=2026"])
def test_nombre_de_requetes_constant(
    jeu,
    client_de,
    gestionnaire,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    filtre,
):
    # Issue 21's bound for the whole page (session, user and roles included): 15.
    client = client_de(gestionnaire)
    url = URL + filtre.format(programme=jeu["zones"].pk)
    client.get(url)
    with django_assert_max_num_queries(15) as avant:
        assert client.get(url).status_code == 200
    o1, o2, o3 = jeu["organismes"]
    # Committed, as a service's writes are: the running totals follow on commit.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for i in range(12):
            subvention(jeu["zones"], (o1, o2, o3)[i % 3], "en_cours", {2026: 1000, 2027: 1000})
    with django_assert_max_num_queries(15) as apres:
        client.get(url)
    assert len(apres.captured_queries) == len(avant.captured_queries)


def test_un_repli_qui_echoue_laisse_lire_les_chiffres_vivants(
    jeu, client_de, gestionnaire, monkeypatch
):
    """A fold that fails (a lock, a full disk) is logged, and the page reads live figures: the
    same page, never a 500."""
    from django.db import OperationalError

    from rapports.cumuls import services

    client = client_de(gestionnaire)

    def page():
        # Without what changes on every request (the scripts' nonce, the CSRF token).
        contenu = client.get(URL).content.decode()
        return re.sub(r'(nonce|value)="[^"]*"', "", contenu)

    attendu = page()

    def echoue():
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "cumuls_mettre_a_jour", echoue)
    lus = []
    reel = selectors.tableau_de_bord
    monkeypatch.setattr(
        selectors, "tableau_de_bord", lambda **kw: lus.append(kw["cumuls"]) or reel(**kw)
    )
    assert page() == attendu
    assert lus == [False]
