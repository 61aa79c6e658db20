"""Every kind of page, as each role sees it, at desktop width (1280 px): WCAG 2.2 AA rules checked
by axe-core (vendored, no network), and no table wider than its page or its scrolling region. A
failure lists the rule, the help text and the offending elements, or the tables too wide.

Both checks read the same visit of each page: opening a page costs the browser about 0.3 s of CPU,
and the two sweeps opened the same 80 pages."""

import pytest

from tests.e2e.axe import avec_axe, violations
from tests.e2e.pages import PAGES, PAGES_BUREAU, TABLES_TROP_LARGES

# Read-only: the pages of the demo shared by the worker (tests/e2e/conftest.py, `serveur_demo`).
BUREAU = {"width": 1280, "height": 900}


@pytest.mark.parametrize("role", list(PAGES_BUREAU))
def test_pages_sans_violation_wcag_ni_table_trop_large(page_demo, demo_en_lecture, role):
    page = avec_axe(page_demo(role, viewport=BUREAU))
    problemes = {}
    for gabarit in PAGES_BUREAU[role]:
        url = gabarit.format(**demo_en_lecture)
        page.goto(url)
        assert not role or "/connexion/" not in page.url, url
        trouves = []
        trop_larges = page.evaluate(TABLES_TROP_LARGES)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        if trop_larges or largeur > BUREAU["width"]:
            trouves.append(f"trop large: page de {largeur} px, tables {trop_larges}")
        if gabarit in PAGES.get(role, []):
            trouves += violations(page)
        if trouves:
            problemes[url] = trouves
    assert not problemes, "\n".join(f"{u}:\n  " + "\n  ".join(v) for u, v in problemes.items())
