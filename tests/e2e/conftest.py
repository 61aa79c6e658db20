"""Browser tests: real headless Chromium (Debian's package) driven by Playwright."""

import contextlib
import importlib
import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
EN_CI = os.environ.get("CI", "").lower() == "true"


# The read-only page sweeps, longest first (CPU measured: an accessibility sweep takes 10 to 40 s).
SWEEPS = (
    "test_pages_sans_violation_wcag_ni_table_trop_large",
    "test_aucune_page_ne_defile_de_cote_a_320_px",
)


def _poids(item):
    nom = getattr(item, "originalname", item.name)
    return SWEEPS.index(nom) if nom in SWEEPS else len(SWEEPS)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's order (database tests, transactional ones, then the rest): the
    tests reading the shared demo open the last group, longest first, so that the two workers
    of `--dist load` end on short tests instead of one waiting for the other's 40-second sweep.
    They stay after every database test (see `serveur_demo` below); no id changes."""
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    lecture = [i for i in items if "serveur_demo" in getattr(i, "fixturenames", ())]
    if not lecture:
        return
    debut = items.index(lecture[0])
    reste = [i for i in items[debut:] if i not in set(lecture)]
    items[debut:] = sorted(lecture, key=_poids) + reste


# Chromium builds two omnibox popups (pages of its own interface, a renderer each) with every
# window, and Playwright opens a window per page: 1.9 s of CPU per new page instead of 0.65 s
# (a fifth of the browser tests' CPU), for popups a headless test never shows. The page's own
# rendering is unchanged.
POPUPS_DE_L_OMNIBOX = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")


def fonctions_coupees():
    """The `--disable-features` switch: Playwright's own list, then ours. Chromium keeps only the
    last such switch of its command line (checked: two switches disabled only the second's), so
    ours must repeat Playwright's, read from its driver so that an upgrade cannot drop one."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    texte = bundle.read_text(encoding="utf-8") if bundle.exists() else ""
    liste = re.search(r"disabledFeatures = \[(.*?)\]", texte, re.S)
    if not liste:
        pytest.fail(f"Liste --disable-features de Playwright introuvable dans {bundle}.")
    sans_commentaires = re.sub(r"//[^\n]*", "", liste.group(1))
    return "--disable-features=" + ",".join(
        [*re.findall(r'"(\w+)"', sans_commentaires), *POPUPS_DE_L_OMNIBOX]
    )


@pytest.fixture(scope="session")
def navigateur():
    if not os.path.exists(CHROMIUM):
        if EN_CI:
            pytest.fail(f"Chromium est requis en CI ({CHROMIUM} introuvable).")
        pytest.skip(
            f"Chromium absent ({CHROMIUM}): tests de navigateur sautés. "
            "Installez-le avec « apt-get install chromium »."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test itself makes
    # (fixtures, assertions) stay synchronous and safe. Scoped to the browser tests only.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                fonctions_coupees(),
            ],
        )
        yield browser
        browser.close()
    monkeypatch.undo()


def ouvrir_page(navigateur, live_server, **options):
    contexte = navigateur.new_context(locale="fr-CA", base_url=live_server.url, **options)
    page = contexte.new_page()
    page.set_default_timeout(15000)
    return contexte, page


@contextlib.contextmanager
def page_sous_csp(navigateur, live_server, **options):
    """A page under the site's Content-Security-Policy: anything it blocks fails the test."""
    contexte, page = ouvrir_page(navigateur, live_server, **options)
    bloques = []
    page.on(
        "console",
        lambda m: bloques.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    contexte.close()
    assert bloques == [], f"bloqué par la CSP: {bloques}"


@pytest.fixture
def page(navigateur, live_server):
    with page_sous_csp(navigateur, live_server) as page:
        yield page


@pytest.fixture
def connecter(page):
    def _connecter(username, password="motdepasse-test-2026"):
        page.goto("/connexion/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    return _connecter


def charger_les_donnees_de_reference():
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("referentiel.migrations.0002_donnees_initiales")
    migration.charger(django_apps, None)
    # The English names and the statuses' short forms (the headers' abbreviations).
    importlib.import_module("referentiel.migrations.0003_noms_anglais_et_sigles").remplir(
        django_apps, None
    )
    from comptes.roles import Role

    for nom in Role.values:  # every role's group, as the comptes migrations create them
        Group.objects.get_or_create(name=nom)


@pytest.fixture(autouse=True)
def donnees_de_reference(request):
    """Browser tests run in transactional mode: the flush after each one empties the tables the
    data migrations filled (groups, rubriques, statuts, territoires). Reload them, idempotently.
    The tests that only read the shared demo (below) neither flush nor need this."""
    if "serveur_demo" in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    charger_les_donnees_de_reference()


# Tests that only read (page checks: accessibility, reflow on a phone) share one demo per worker,
# loaded once and never flushed in between: loading it took ~3 s of CPU, and the flush after
# each transactional test made every such test load it again. They do not ask for `live_server`
# (pytest-django would make them transactional, hence flushed) but for `serveur_demo`, a live
# server of their own on the same test database. They hold no `django_db` mark, so pytest-django
# runs them after every database test (its order: TestCase-like, then transactional, then the
# rest; xdist's `--dist load` hands tests out in that order): no test that expects an empty base
# comes after the demo is loaded.


@pytest.fixture(scope="session")
def _base_de_lecture(django_db_setup, django_db_blocker):
    """The test database. pytest-django creates it only when a selected test asks for the base
    (a mark, `db`, `live_server`) and these tests ask for none: run alone, they create it here
    (without this they would open the development database)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from tests.base_de_test import completer_la_base

    with django_db_blocker.unblock():
        if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
            yield
            return
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        completer_la_base()
        yield
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def _serveur_de_lecture(_base_de_lecture, django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        serveur = LiveServer("localhost")
    yield serveur
    serveur.stop()


@pytest.fixture(scope="session")
def demo_en_lecture(_serveur_de_lecture, django_db_blocker):
    """The demo's ids ({sub}, {org}…), loaded once per worker for the read-only browser tests."""
    from django.core.management import call_command

    from tests.demo import charger_la_demo

    with django_db_blocker.unblock():
        # Earlier transactional tests flushed the reference data; the demo needs it.
        charger_les_donnees_de_reference()
        demo = charger_la_demo(subventions=12, organismes=4)
    yield demo
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def serveur_demo(_serveur_de_lecture, demo_en_lecture, django_db_blocker):
    """The live server holding the shared demo; the base is open to it (and to the test) for
    the test's duration only. A test using it must not write anything another test reads."""
    with django_db_blocker.unblock():
        yield _serveur_de_lecture


@pytest.fixture(scope="session")
def sessions_de_demo():
    """Role → the cookies of a demo account signed in, kept for the worker (see `page_demo`)."""
    return {}


@pytest.fixture
def page_demo(navigateur, serveur_demo, sessions_de_demo):
    """`page_demo(role, **options)`: a new page on the shared demo, signed in as `role` (None:
    not signed in). A role's first page signs in through the form (tests/e2e/test_connexion.py
    tests the form itself) and its cookies start the role's later pages signed in: a browser page
    costs about 0.6 s of CPU to open, so signing in on a page of its own cost one more per role.
    The CSP is bypassed so that the test can inject axe-core as an inline script (the page's CSP
    would block it; the other browser tests run under it)."""
    contextes = []

    def ouvrir(role, **options):
        if role in sessions_de_demo:
            options["storage_state"] = sessions_de_demo[role]
        contexte, page = ouvrir_page(navigateur, serveur_demo, bypass_csp=True, **options)
        contextes.append(contexte)
        if role and role not in sessions_de_demo:
            page.goto("/connexion/")
            page.get_by_label("Nom d’utilisateur").fill(role)
            page.get_by_label("Mot de passe").fill("demo-binam-2026")
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_load_state()
            assert "/connexion/" not in page.url, f"{role}: connexion refusée"
            sessions_de_demo[role] = contexte.storage_state()
        return page

    yield ouvrir
    for contexte in contextes:
        contexte.close()
