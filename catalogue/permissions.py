"""Who may see and edit the integration services catalogue (django-rules predicates)."""

import rules

from comptes.permissions import est_agent, est_du_personnel

rules.add_perm("catalogue.voir_services", est_du_personnel)
rules.add_perm("catalogue.gerer_services", est_agent)
