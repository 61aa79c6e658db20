"""Reads about accounts: who holds a role."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import ChangementRole
from .roles import Role


def agents(*, actifs_seulement=False) -> QuerySet:
    """Program officers, by name. Lists filter on every agent who ever held a file; a form that
    assigns a file offers active ones only."""
    qs = get_user_model().objects.filter(groups__name=Role.AGENT)
    if actifs_seulement:
        qs = qs.filter(is_active=True)
    return qs.only("pk", "username", "first_name", "last_name").order_by(
        "last_name", "first_name", "username"
    )


def changements_roles() -> QuerySet:
    return ChangementRole.objects.select_related("utilisateur", "par")
