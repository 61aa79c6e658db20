"""Role predicates (django-rules) shared by every app's permissions.

Roles only: whether a partner user is tied to an organisation is asked in
`organismes.permissions.est_partenaire`, since accounts come before organisations.
"""

import rules

from .roles import Role, a_role, est_personnel


@rules.predicate
def est_agent(user):
    return a_role(user, Role.AGENT)


@rules.predicate
def est_gestionnaire(user):
    return a_role(user, Role.GESTIONNAIRE)


@rules.predicate
def est_administrateur(user):
    return a_role(user, Role.ADMINISTRATEUR)


@rules.predicate
def a_le_role_partenaire(user):
    return a_role(user, Role.PARTENAIRE)


@rules.predicate
def est_du_personnel(user):
    return est_personnel(user)


rules.add_perm("comptes.voir_journal_roles", est_gestionnaire | est_administrateur)
rules.add_perm("comptes.administrer", est_administrateur)
