"""Poste de développement et démonstration (make run)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_AUTORISEE = env.bool("DEMO_AUTORISEE", default=True)
