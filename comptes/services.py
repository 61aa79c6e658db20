"""Writes about accounts."""

from .models import ChangementRole
from .roles import Role


def roles_de_compte(user) -> set[str]:
    """The business roles and the superuser flag an account holds, as the journal names them."""
    roles = {nom for nom in user.groups.values_list("name", flat=True) if nom in Role.values}
    if user.is_superuser:
        roles.add(ChangementRole.SUPERUTILISATEUR)
    return roles


def roles_journaliser(*, utilisateur, avant: set[str], apres: set[str], par) -> list:
    """Records each role given or taken between `avant` and `apres`."""
    changements = [
        ChangementRole(utilisateur=utilisateur, role=role, ajoute=True, par=par)
        for role in sorted(apres - avant)
    ] + [
        ChangementRole(utilisateur=utilisateur, role=role, ajoute=False, par=par)
        for role in sorted(avant - apres)
    ]
    return ChangementRole.objects.bulk_create(changements)
