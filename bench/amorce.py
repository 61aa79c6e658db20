"""What every bench script does before measuring: the project on the path, local settings,
production-like DEBUG off, a throw-away SQLite base when no DATABASE_URL is given, Django set up,
any host accepted by the test client."""

import os
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def amorcer(*, base_jetable=True):
    """`base_jetable=False` for the scripts that read an already loaded base (without
    DATABASE_URL, the project's own SQLite file)."""
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if base_jetable and "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(
            tempfile.mkdtemp(), "bench.sqlite3"
        )
    # As in production: DEBUG's query log re-quotes every parameter of every bulk insert.
    os.environ["DEBUG"] = "False"
    os.environ["DEMO_AUTORISEE"] = "True"

    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
