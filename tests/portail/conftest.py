import pytest


@pytest.fixture(autouse=True)
def stockage_prive(settings, tmp_path):
    """Each test writes its uploads in its own private directory, never under var/."""
    racine = tmp_path / "prive"
    settings.PRIVATE_MEDIA_ROOT = racine
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": racine, "base_url": "/interdit/"},
        },
    }
    return racine
