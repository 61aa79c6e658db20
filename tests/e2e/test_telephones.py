"""On a phone (320 px, WCAG 1.4.10 reflow): no page scrolls sideways, a wide table scrolls inside
a region the keyboard can reach, the filters fold away, and a grant number never wraps."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import avec_axe, violations
from tests.e2e.pages import AXE_TELEPHONE as AXE
from tests.e2e.pages import PAGES_TELEPHONE as PAGES

# Read-only: the pages of the demo shared by the worker (tests/e2e/conftest.py, `serveur_demo`).

LARGEUR, HAUTEUR = 320, 640

# The not-found page is one of the pages too.
STATUTS = {"/nexiste-pas/": 404}

# Every text range "BINAM-2026-057" inside a table, and how many line boxes it takes.
NUMEROS_COUPES = """() => {
  const coupes = [];
  const marcheur = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const motif = /BINAM-\\d{4}-\\d{3,}/g;
  let noeud, total = 0;
  while ((noeud = marcheur.nextNode())) {
    if (!noeud.parentElement.closest('table')) continue;
    for (const m of noeud.textContent.matchAll(motif)) {
      total++;
      const r = document.createRange();
      r.setStart(noeud, m.index);
      r.setEnd(noeud, m.index + m[0].length);
      const lignes = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
      if (lignes.size > 1) coupes.push(m[0]);
    }
  }
  return {total, coupes};
}"""


# What sticks out on the right (outside the scrolling regions), to say why a page is too wide.
DEBORDENT = """(largeur) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > largeur + 0.5)
  .filter((e) => !e.parentElement.closest('.table-defilante'))
  .slice(0, 6)
  .map((e) => e.tagName.toLowerCase() + [...e.classList].map((c) => '.' + c).join(''))"""


@pytest.fixture
def telephone(page_demo):
    """`telephone(role)`: a 320 px wide phone signed in as `role` (None: not signed in); the CSP
    is bypassed only so that the test can inject axe-core."""

    def ouvrir(role):
        return page_demo(
            role, viewport={"width": LARGEUR, "height": HAUTEUR}, is_mobile=True, has_touch=True
        )

    return ouvrir


@pytest.mark.parametrize("role", list(PAGES), ids=lambda role: role or "anonyme")
def test_aucune_page_ne_defile_de_cote_a_320_px(telephone, demo_en_lecture, role):
    page = avec_axe(telephone(role)) if AXE.get(role) else telephone(role)
    problemes, numeros_vus = {}, 0
    for gabarit in PAGES[role]:
        url = gabarit.format(**demo_en_lecture)
        reponse = page.goto(url)
        assert reponse.status == STATUTS.get(gabarit, 200), url
        assert not role or "/connexion/" not in page.url, url
        trouves = []
        largeur = page.evaluate("document.documentElement.scrollWidth")
        if largeur > LARGEUR:
            debordent = page.evaluate(DEBORDENT, LARGEUR)
            trouves.append(f"la page fait {largeur} px de large, à cause de {debordent}")
        if gabarit in AXE.get(role, []):
            trouves += violations(page)
        numeros = page.evaluate(NUMEROS_COUPES)
        numeros_vus += numeros["total"]
        if numeros["coupes"]:
            trouves.append(f"numéros coupés: {numeros['coupes']}")
        if trouves:
            problemes[url] = trouves
    assert not problemes, "\n".join(f"{u}:\n  " + "\n  ".join(v) for u, v in problemes.items())
    # The check above did look at grant numbers (an évaluateur sees applications, no grant).
    assert numeros_vus > 0 or role in (None, "evaluateur")


def test_table_defilante_atteinte_au_clavier(telephone):
    page = telephone("agent")
    page.goto("/subventions/")
    region = page.get_by_role("region", name="Subventions")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider: it scrolls
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= LARGEUR


def test_filtres_replies_sur_telephone_ouverts_sur_grand_ecran(telephone):
    page = telephone("agent")
    page.goto("/subventions/")
    filtres = page.locator("details.filtres-repli")
    assert not filtres.evaluate("d => d.open")
    # From the list's title, the results start within one screen, not under fifteen fields.
    titre = page.get_by_role("heading", level=1).evaluate("e => e.getBoundingClientRect().top")
    haut = page.get_by_role("region", name="Subventions").evaluate(
        "e => e.getBoundingClientRect().top"
    )
    assert haut - titre < HAUTEUR, (titre, haut)
    page.get_by_text("Filtrer", exact=True).first.click()
    assert filtres.evaluate("d => d.open")
    page.get_by_label("Exercice", exact=True).fill("2026")
    page.locator("form.filtres").get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    # Folded again, the filters say that the list is narrowed.
    assert page.locator("details.filtres-repli").evaluate("d => !d.open")
    expect(page.locator("details.filtres-repli > summary")).to_have_text("Filtrer (1 filtre actif)")
    # A filter with an error stays open, so that the error is seen.
    page.goto("/subventions/?exercice=abc")
    assert page.locator("details.filtres-repli").evaluate("d => d.open")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/subventions/")
    assert page.locator("details.filtres-repli").evaluate("d => d.open")
