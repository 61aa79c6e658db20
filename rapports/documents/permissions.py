"""Who may download which document: the same readers as the pages they come from."""

import rules

from comptes.permissions import est_du_personnel
from organismes.permissions import est_partenaire, est_son_organisme
from subventions.permissions import montant_decide, voit_la_subvention

# The grant's page on paper: whoever reads the page (a partner, its own grants only).
rules.add_perm("rapports.telecharger_fiche", voit_la_subvention)
# The agreement binds an amount: it exists once the grant is approved (and not cancelled).
rules.add_perm("rapports.telecharger_convention", montant_decide & voit_la_subvention)
rules.add_perm(
    "rapports.telecharger_releve", est_du_personnel | (est_partenaire & est_son_organisme)
)
# The period workbooks cover every organisation: staff only, like the lists they extend.
rules.add_perm("rapports.telecharger_echeancier", est_du_personnel)
rules.add_perm("rapports.telecharger_etat_reddition", est_du_personnel)
