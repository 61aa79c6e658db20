"""Suite de tests: rapide et déterministe."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
DEMO_AUTORISEE = True
DONNEES_OUVERTES_PUBLIQUES = False  # tests turn it on where they need it
# SQLite: the test base is built from the models, then completed by tests/base_de_test.py (its
# docstring says why; the PostgreSQL pass replays the migrations).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-fichiers"
# Uploads stay in memory: a run wrote 13,000 files (52 MB) under var/ and left them there. Tests
# that check what reaches the disk point the storage at their own tmp_path.
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/interdit/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
