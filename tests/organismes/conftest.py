import pytest


def reglages_prives(racine):
    """The settings that send uploads (private files and the default storage) to `racine`."""
    from django.conf import settings

    return {
        "PRIVATE_MEDIA_ROOT": racine,
        "STORAGES": {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": racine, "base_url": "/interdit/"},
            },
        },
    }


@pytest.fixture(autouse=True)
def stockage_prive(settings, tmp_path):
    """Each test writes its uploads in its own private directory, never under var/."""
    racine = tmp_path / "prive"
    for nom, valeur in reglages_prives(racine).items():
        setattr(settings, nom, valeur)
    return racine
