"""Who may do what with organisations (django-rules predicates)."""

import rules

from comptes.permissions import est_agent, est_du_personnel, est_partenaire
from comptes.roles import organisme_de


@rules.predicate
def est_son_organisme(user, organisme):
    return organisme is not None and organisme_de(user) == organisme


rules.add_perm("organismes.voir_liste", est_du_personnel)
rules.add_perm("organismes.voir_organisme", est_du_personnel | (est_partenaire & est_son_organisme))
rules.add_perm("organismes.creer_organisme", est_agent)
rules.add_perm("organismes.modifier_organisme", est_agent)
