"""Every table of the main pages is named (by its caption, or a heading it points at) by a text
that says which table it is, and no id
is written twice on a page: a screen reader lists tables by caption, and a region named by
`aria-labelledby` points at one element only."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from tests.demo import charger_la_demo
from tests.e2e.pages import PAGES
from tests.tables_html import lire_tables

pytestmark = pytest.mark.django_db

# Captions that name no table in particular.
GENERIQUES = {"tableau", "table", "valeurs modifiées", "changed values"}


def problemes_de(contenu):
    tables = lire_tables(contenu)
    problemes = [f"id « {i} » ×{n}" for i, n in tables.ids.items() if n > 1]
    for nom, n in Counter(tables.noms()).items():
        if not nom or nom.lower() in GENERIQUES:
            problemes.append(f"{n} table(s) named « {nom} »")
        elif n > 1:
            problemes.append(f"{n} tables named « {nom} »")
    return problemes


@pytest.fixture
def demo():
    return charger_la_demo(subventions=25, organismes=6)


def test_legendes_parlantes_et_ids_uniques(client, demo):
    problemes = {}
    for role, pages in PAGES.items():
        client.logout()
        if role:
            client.force_login(get_user_model().objects.get(username=role))
        for gabarit in pages:
            url = gabarit.format(**demo)
            reponse = client.get(url)
            # A page that stopped answering (demo or list drift) must not pass unread.
            assert reponse.status_code == (404 if gabarit == "/nexiste-pas/" else 200), url
            if trouves := problemes_de(reponse.content.decode()):
                problemes[f"{role} {url}"] = trouves
    assert not problemes, "\n".join(f"{page}: {p}" for page, p in problemes.items())


def test_le_test_voit_une_legende_generique_et_un_id_repete():
    page = (
        '<p id="a"></p><p id="a"></p><table><caption>Tableau</caption></table><table></table>'
        '<h2 id="t">Par <em>statut</em></h2><table aria-labelledby="t"></table>'
        "<table><caption>Par statut</caption></table>"
    )
    assert problemes_de(page) == [
        "id « a » ×2",
        "1 table(s) named « Tableau »",
        "1 table(s) named «  »",
        "2 tables named « Par statut »",
    ]
