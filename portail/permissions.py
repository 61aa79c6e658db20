"""Who may open the partner portal: a partner account tied to its organisation."""

import rules

from organismes.permissions import est_partenaire

rules.add_perm("portail.voir_portail", est_partenaire)
