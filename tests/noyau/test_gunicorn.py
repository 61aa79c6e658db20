"""The production server's settings (gunicorn.conf.py), read as gunicorn reads them."""

import os
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

RACINE = Path(__file__).resolve().parents[2]
# The slowest request measured: the instalments workbook of ten years of data on a loaded 2-core
# machine (issue 21: 39.3 s). A worker timeout under it cuts the download.
EXPORT_LE_PLUS_LENT_S = 39.3


def _config(monkeypatch, **env):
    for nom in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(nom)
    for nom, valeur in env.items():
        monkeypatch.setenv(nom, valeur)
    valeurs = runpy.run_path(str(RACINE / "gunicorn.conf.py"))
    config = Config()
    for nom, valeur in valeurs.items():
        if nom in config.settings:
            config.set(nom, valeur)
    return config


def test_le_delai_couvre_l_export_le_plus_lent_avec_marge(monkeypatch):
    config = _config(monkeypatch)
    assert config.timeout >= 3 * EXPORT_LE_PLUS_LENT_S
    assert config.worker_class_str == "gthread" and config.threads > 1
    assert config.workers >= 1
    assert config.accesslog == "-"
    assert "%(D)s" in config.access_log_format  # the duration of each request is logged


def test_l_environnement_l_emporte(monkeypatch):
    config = _config(
        monkeypatch, GUNICORN_BIND="0.0.0.0:9000", GUNICORN_WORKERS="2", GUNICORN_TIMEOUT="300"
    )
    assert config.bind == ["0.0.0.0:9000"]
    assert (config.workers, config.timeout) == (2, 300)


def test_une_valeur_invalide_est_refusee(monkeypatch):
    with pytest.raises(ValueError):
        _config(monkeypatch, GUNICORN_TIMEOUT="deux minutes")
