"""The user's roles and organisation, computed once per request and reused by every view."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent de programme")
    GESTIONNAIRE = "gestionnaire", _("Gestionnaire")
    PARTENAIRE = "partenaire", _("Partenaire")
    # A call's selection committee (staff or external people): not staff, so it sees no staff
    # page; what it may read is asked per call (appels.permissions).
    EVALUATEUR = "evaluateur", _("Évaluateur")
    ADMINISTRATEUR = "administrateur", _("Administrateur")


ROLES_PERSONNEL = frozenset({Role.AGENT, Role.GESTIONNAIRE, Role.ADMINISTRATEUR})


def roles_de(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = getattr(user, "_roles_binam", None)
    if cache is None:
        noms = {g.name for g in user.groups.all()}
        if user.is_superuser:
            noms.add(Role.ADMINISTRATEUR)
        cache = frozenset(n for n in noms if n in Role.values)
        user._roles_binam = cache
    return cache


def a_role(user, *roles) -> bool:
    return bool(roles_de(user) & set(roles))


def est_personnel(user) -> bool:
    return bool(roles_de(user) & ROLES_PERSONNEL)
