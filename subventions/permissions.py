"""Who may do what with grants and programmes (django-rules predicates; services: catalogue)."""

import rules

from comptes.permissions import est_agent, est_du_personnel, est_partenaire
from comptes.roles import organisme_de


@rules.predicate
def est_sa_subvention(user, subvention):
    return subvention is not None and organisme_de(user) == subvention.organisme


@rules.predicate
def est_agent_responsable(user, subvention):
    return subvention is not None and subvention.agent_id == user.pk


@rules.predicate
def est_modifiable(user, subvention):
    return subvention is not None and subvention.est_modifiable


rules.add_perm("subventions.voir_liste", est_du_personnel)
rules.add_perm(
    "subventions.voir_subvention", est_du_personnel | (est_partenaire & est_sa_subvention)
)
rules.add_perm("subventions.creer_subvention", est_agent)
rules.add_perm(
    "subventions.modifier_subvention", est_agent & est_agent_responsable & est_modifiable
)
rules.add_perm("subventions.voir_historique", est_du_personnel)
rules.add_perm("subventions.voir_programmes", est_du_personnel)
