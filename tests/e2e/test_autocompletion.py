"""The organisation filter of the grants list, used with the keyboard only: type part of a
name, arrow down through the suggestions, Escape and back, Enter to choose, Enter to filter."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.factories import OrganismeFactory, SubventionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _taper_dans_le_filtre(page, connecter, texte):
    """Signed in as `sophie`, `texte` typed in the grants list's organisation filter: the field
    and its suggestions."""
    connecter("sophie")
    page.goto("/subventions/")
    champ = page.get_by_role("combobox", name="Organisme", exact=True)
    champ.focus()
    page.keyboard.type(texte)
    return champ, page.get_by_role("listbox").get_by_role("option")


def test_filtre_organisme_au_clavier(page, connecter):
    UserFactory(username="sophie", first_name="Sophie", last_name="Tremblay", roles=["agent"])
    plateau = OrganismeFactory(nom_legal="Maison d'accueil du Plateau", neq="1161234567")
    verdun = OrganismeFactory(nom_legal="Maison d'accueil de Verdun", neq="1162345678")
    autre = OrganismeFactory(nom_legal="Cuisine collective", neq="1173456789")
    SubventionFactory(numero="BINAM-2026-001", organisme=plateau)
    SubventionFactory(numero="BINAM-2026-002", organisme=verdun)
    SubventionFactory(numero="BINAM-2026-003", organisme=autre)

    champ, suggestions = _taper_dans_le_filtre(page, connecter, "maison d'acc")
    expect(suggestions).to_have_count(2)
    expect(suggestions.first).to_have_text("Maison d'accueil de Verdun (1162345678)")
    expect(champ).to_have_attribute("aria-expanded", "true")
    # The screen reader hears the count in French (the library's own texts are English).
    expect(page.get_by_role("status").filter(has_text="2 suggestions")).to_have_count(1)

    # Escape on a suggestion closes the list and gives the focus back to the field: it was left
    # on the page's body, and what was typed next was lost.
    page.keyboard.press("ArrowDown")
    expect(suggestions.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(champ).to_be_focused()
    expect(champ).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Backspace")
    # The suggestions of the text typed last: the earlier list stays shown until they come (a
    # choice made from it is the next test's case).
    with page.expect_response(lambda r: unquote(r.url).endswith("q=maison d'acc")):
        page.keyboard.type("c")
    expect(champ).to_have_value("maison d'acc")
    expect(suggestions).to_have_count(2)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(suggestions.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # chooses the suggestion, the menu closes
    expect(champ).to_have_value("Maison d'accueil du Plateau (1161234567)")
    expect(champ).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # submits the filters

    expect(page).to_have_url(re.compile(r"organisme=Maison"))
    lignes = page.get_by_role("table").get_by_role("link", name=re.compile(r"^BINAM-"))
    expect(lignes).to_have_text(["BINAM-2026-001"])
    champ = page.get_by_role("combobox", name="Organisme", exact=True)
    expect(champ).to_have_value("Maison d'accueil du Plateau (1161234567)")


def test_sans_suggestion(page, connecter):
    UserFactory(username="sophie", roles=["agent"])
    OrganismeFactory(nom_legal="Maison d'accueil du Plateau")
    connecter("sophie")
    page.goto("/subventions/")
    page.get_by_role("combobox", name="Organisme", exact=True).fill("zzz")
    expect(page.get_by_role("listbox")).to_contain_text("Aucun résultat")


def test_erreur_du_serveur_reste_annoncee(page, connecter):
    """Sent empty, the field shows « Ce champ est obligatoire. »: the combobox the script
    builds is still described by that error (and its help text), not only by its own hint,
    before and after typing in it."""
    UserFactory(username="sophie", roles=["agent"])
    OrganismeFactory(nom_legal="Maison d'accueil du Plateau")
    connecter("sophie")
    page.goto("/subventions/nouvelle/")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    champ = page.get_by_role("combobox", name="Organisme (obligatoire)", exact=True)
    expect(champ).to_have_attribute("aria-invalid", "true")
    expect(champ).to_have_accessible_description(re.compile(r"^Ce champ est obligatoire\."))
    ids = champ.get_attribute("aria-describedby").split()
    assert ids[0] == "id_organisme_error"
    assert "id_organisme__assistiveHint" in ids
    champ.fill("mais")  # the library drops its hint once typed in; the error stays
    expect(champ).to_have_attribute("aria-describedby", re.compile(r"^id_organisme_error\b"))


def test_une_reponse_en_retard_ne_rouvre_pas_la_liste(page, connecter):
    """On a slow network: the list of the previous text is still shown when a suggestion is
    chosen from it, then the answer for the text typed last arrives; it reopened the list over
    the chosen value."""
    UserFactory(username="sophie", roles=["agent"])
    OrganismeFactory(nom_legal="Maison d'accueil du Plateau", neq="1161234567")
    OrganismeFactory(nom_legal="Maison d'accueil de Verdun", neq="1162345678")
    champ, suggestions = _taper_dans_le_filtre(page, connecter, "maison d'ac")
    expect(suggestions).to_have_count(2)

    def derniere(url):
        return unquote(url).endswith("q=maison d'acc")

    retenues = []  # the request for « maison d'acc », held back until after the choice
    page.route(derniere, lambda route: retenues.append(route))
    with page.expect_request(lambda requete: derniere(requete.url)):
        page.keyboard.type("c")
    for _ in range(250):  # the route's handler runs once Playwright dispatches the request
        if retenues:
            break
        page.wait_for_timeout(20)
    assert len(retenues) == 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(champ).to_have_value("Maison d'accueil de Verdun (1162345678)")
    expect(champ).to_have_attribute("aria-expanded", "false")
    with page.expect_response(lambda reponse: derniere(reponse.url)):
        retenues[0].continue_()
    page.wait_for_timeout(300)  # the answer is read, then handled, a few tasks later
    expect(champ).to_have_attribute("aria-expanded", "false")
    expect(champ).to_have_value("Maison d'accueil de Verdun (1162345678)")
