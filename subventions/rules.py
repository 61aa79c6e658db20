# django-rules autodiscovers `rules.py`; the predicates live in permissions.py.
from . import permissions  # noqa: F401
