"""Data built once for a whole test module instead of once per test."""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def donnees_du_module(django_db_blocker, construire):
    """Yield what `construire()` returns, its rows kept until the end of the `with`.

    For a module-scoped fixture (which asks for `django_db_setup` and `django_db_blocker`): the
    rows live in a transaction rolled back at the end, so nothing outlasts the module. Each test
    that reads them still asks for `db`: its own transaction nests as a savepoint and takes what
    the test wrote with it. Not for `transactional_db` tests (they commit and flush)."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        try:
            donnees = construire()
        except BaseException:
            transaction.set_rollback(True)
            atomique.__exit__(None, None, None)
            raise
    try:
        yield donnees
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomique.__exit__(None, None, None)
