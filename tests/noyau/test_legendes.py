"""Every table of the main pages is named (by its caption, or a heading it points at) by a text
that says which table it is, and no id
is written twice on a page: a screen reader lists tables by caption, and a region named by
`aria-labelledby` points at one element only."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from tests.demo import charger_la_demo
from tests.e2e.pages import PAGES

pytestmark = pytest.mark.django_db

# Captions that name no table in particular.
GENERIQUES = {"tableau", "table", "valeurs modifiées", "changed values"}


VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def _net(texte):
    return re.sub(r"\s+", " ", texte).strip()


class Tables(HTMLParser):
    """Each table's name (its caption, else its aria-label or the text of its aria-labelledby)
    and how many times each id is written."""

    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.textes = {}  # id → the element's text
        self.tables = []  # [caption, aria-label, aria-labelledby] per table
        self._ouverts = []  # (tag, id or None) of the open elements
        self._legende = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ident = attrs.get("id")
        if ident:
            self.ids[ident] += 1
            self.textes.setdefault(ident, "")
        if tag not in VIDES:
            self._ouverts.append((tag, ident))
        if tag == "table":
            self.tables.append([None, attrs.get("aria-label"), attrs.get("aria-labelledby")])
        elif tag == "caption":
            self._legende = []

    def handle_endtag(self, tag):
        while self._ouverts:  # an unclosed <p> or <li> closes with its parent
            ouvert, _ = self._ouverts.pop()
            if ouvert == tag:
                break
        if tag == "caption" and self._legende is not None:
            self.tables[-1][0] = _net("".join(self._legende))
            self._legende = None

    def handle_data(self, data):
        if self._legende is not None:
            self._legende.append(data)
        for _, ident in self._ouverts:
            if ident:
                self.textes[ident] += data

    def noms(self):
        for legende, etiquette, par in self.tables:
            nom = legende or etiquette
            if not nom and par:
                nom = " ".join(_net(self.textes.get(i, "")) for i in par.split())
            yield _net(nom or "")


def problemes_de(contenu):
    tables = Tables()
    tables.feed(contenu)
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
