"""Suite de tests: rapide et déterministe."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
DEMO_AUTORISEE = True
DONNEES_OUVERTES_PUBLIQUES = False  # tests turn it on where they need it
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-fichiers"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/interdit/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
