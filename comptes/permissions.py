"""Role predicates (django-rules) shared by every app's permissions."""

import rules

from .roles import Role, a_role, est_personnel, organisme_de


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
def est_partenaire(user):
    return a_role(user, Role.PARTENAIRE) and organisme_de(user) is not None


@rules.predicate
def est_du_personnel(user):
    return est_personnel(user)


rules.add_perm("comptes.voir_file_travail", est_du_personnel)
rules.add_perm("comptes.voir_portail", est_partenaire)
