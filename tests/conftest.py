import os

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    MembreFactory,
    UserFactory,
    compte_de_test,
    organisme_de_test,
    partenaire_de_test,
)

# The fuzz tests (tests/robustesse): 10 examples each in `make test`, 40 in the CI
# (HYPOTHESIS_PROFILE=ci, .ci/run), where the time they take matters less than in a run by hand.
hypothesis_settings.register_profile("rapide", max_examples=10)
hypothesis_settings.register_profile("ci", max_examples=40)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rapide"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, completed where the migrations did not build it."""
    from tests.base_de_test import completer_la_base

    with django_db_blocker.unblock():
        completer_la_base()


@pytest.fixture(scope="session", autouse=True)
def instantanes_partages(request, tmp_path_factory):
    """The demo loaded by one worker is replayed by the others (tests/instantane.py), from the
    run's temporary folder, which pytest removes with the older runs' folders."""
    from tests import instantane

    if hasattr(request.config, "workerinput"):  # a pytest-xdist worker
        instantane.DOSSIER = tmp_path_factory.getbasetemp().parent / "instantanes"


@pytest.fixture(autouse=True)
def langue_par_defaut():
    """Each test starts in French (fr-CA) and leaves no language behind: a test client request
    in English activates English in this thread, and a later test that reads a message would
    otherwise depend on the order the tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def agent(db):
    return compte_de_test("agent")


@pytest.fixture
def autre_agent(db):
    return compte_de_test("autre_agent")


@pytest.fixture
def gestionnaire(db):
    return compte_de_test("gestionnaire")


@pytest.fixture
def administrateur(db):
    return compte_de_test("administrateur")


@pytest.fixture
def organisme(db):
    return organisme_de_test("organisme")


@pytest.fixture
def autre_organisme(db):
    return organisme_de_test("autre_organisme")


@pytest.fixture
def partenaire(organisme):
    return partenaire_de_test(organisme)


@pytest.fixture
def autre_partenaire(autre_organisme):
    return MembreFactory(user__username="partenaire-test-2", organisme=autre_organisme).user


@pytest.fixture
def client_de(client):
    """`client_de(user)` logs `user` in (None stays anonymous) and returns the client."""

    def _client(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _client


@pytest.fixture
def cumul(db):
    """A user holding both officer roles, involved in no file unless a test makes it so."""
    return UserFactory(username="cumul-test", roles=["agent", "gestionnaire"])


@pytest.fixture
def superutilisateur(db):
    """Django's superuser flag without any business role."""
    return UserFactory(username="super-test", is_superuser=True, is_staff=True)
