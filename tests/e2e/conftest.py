"""Browser tests: real headless Chromium (Debian's package) driven by Playwright."""

import contextlib
import importlib
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
EN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


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


@pytest.fixture(autouse=True)
def donnees_de_reference(transactional_db):
    """Browser tests run in transactional mode: the flush after each one empties the tables the
    data migrations filled (groups, rubriques, statuts, territoires). Reload them, idempotently."""
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("referentiel.migrations.0002_donnees_initiales")
    migration.charger(django_apps, None)
    for nom in ("agent", "gestionnaire", "partenaire", "administrateur"):
        Group.objects.get_or_create(name=nom)
