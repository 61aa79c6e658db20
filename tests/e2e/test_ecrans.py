"""Screens as people use them: at 320 px the menu is folded so that the content comes first and
opens with the keyboard, the report grid becomes one group of labelled inputs per funded
service, and chart text is never smaller than 12 px."""

import pytest

from tests.e2e.pages import RAPPORT

# These tests only read: they share the demo loaded once per worker (tests/e2e/conftest.py,
# page_demo), signed in once per role, and hold no database mark. Tables at 1280 px are
# measured on every page by test_accessibilite, in the same visit as axe-core.
TELEPHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True}


@pytest.mark.parametrize("role", ["agent", "partenaire"])
def test_menu_replie_a_320_px_et_ouvert_au_clavier(page_demo, role):
    page = page_demo(role, **TELEPHONE)
    page.goto("/subventions/" if role == "agent" else "/portail/")
    menu = page.locator("details.menu-principal")
    assert not menu.evaluate("d => d.open")
    # The content starts within the first 150 px, not under the whole menu.
    haut = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert haut <= 150, haut
    bouton = page.locator("details.menu-principal > summary")
    boite = bouton.bounding_box()
    assert boite["width"] >= 24 and boite["height"] >= 24
    # Keyboard: Tab reaches the button, Enter opens the menu, its links are then reachable.
    page.keyboard.press("Tab")  # skip link
    for _ in range(10):
        page.keyboard.press("Tab")
        if bouton.evaluate("b => b === document.activeElement"):
            break
    assert bouton.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    assert menu.evaluate("d => d.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.menu-principal ul') !== null")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # On a wide screen the menu is open, with no button.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/subventions/" if role == "agent" else "/portail/")
    assert menu.evaluate("d => d.open")
    assert not bouton.is_visible()


def test_grille_du_rapport_groupee_par_service_a_320_px(page_demo, demo_en_lecture):
    page = page_demo("partenaire", **TELEPHONE)
    page.goto(RAPPORT.format(**demo_en_lecture))
    champs = page.locator(".grille-rapport tbody input")
    assert champs.count() >= 5
    # Each input has its status's name visible just above it, and keeps its accessible name.
    for i in range(5):
        champ = champs.nth(i)
        etiquette = champ.locator("xpath=preceding-sibling::label[1]")
        assert etiquette.is_visible()
        assert etiquette.bounding_box()["y"] < champ.bounding_box()["y"]
        nom = champ.evaluate("e => e.labels.length")  # a visible label tied to the input
        assert nom >= 1
    # Two inputs share a row: the service is a group, not one input per screen line.
    rangees = {round(champs.nth(i).bounding_box()["y"]) for i in range(5)}
    assert len(rangees) < 5, rangees
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# WCAG 1.4.12: text spacing a reader's style sheet may set; nothing may be cut or overlap.
ESPACEMENT = """* { line-height: 1.5 !important; letter-spacing: .12em !important;
  word-spacing: .16em !important; } p { margin-bottom: 2em !important; }"""
# Each element of the form wider than what holds it (a label spilling over its neighbour's).
DEBORDEMENTS = """() => [...document.querySelectorAll('main label, main a, main legend')]
  .filter((e) => e.getBoundingClientRect().right
    > e.parentElement.getBoundingClientRect().right + 1)
  .map((e) => e.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("largeur", [320, 640])
def test_rapport_avec_l_espacement_du_texte_agrandi(page_demo, demo_en_lecture, largeur):
    """At 640 px (1280 px zoomed to 200 %) the grid's status labels ran into the next cell,
    and at 320 px the link to download an attachment ran off the screen."""
    page = page_demo("partenaire", viewport={"width": largeur, "height": 640})
    page.goto(RAPPORT.format(**demo_en_lecture))
    page.add_style_tag(content=ESPACEMENT)
    assert page.evaluate(DEBORDEMENTS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur


@pytest.mark.parametrize("largeur", [320, 1280])
def test_texte_des_graphiques_au_moins_12_px(page_demo, largeur):
    page = page_demo("gestionnaire", viewport={"width": largeur, "height": 900})
    page.goto("/rapports/")
    tailles = page.evaluate(
        """() => [...document.querySelectorAll('svg.graphique')].map((svg) => {
          const echelle = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map(
            (t) => parseFloat(getComputedStyle(t).fontSize) * echelle));
        })"""
    )
    assert tailles and min(tailles) >= 12, tailles
    # Every workbook offered elsewhere is linked from the dashboard too.
    for nom in (
        "Sommaire du programme (Excel, .xlsx)",
        "Échéancier des versements (xlsx)",
        "État de la reddition de comptes (xlsx)",
    ):
        assert page.get_by_role("link", name=nom).count() == 1, nom
