"""Who may import workbooks and download open data.

The public directory needs no rule: it shows only what is public by nature (funded services and
their organisation's public contact details).
"""

import rules

from comptes.permissions import est_administrateur, est_agent, est_du_personnel, est_gestionnaire

# Officers bring their workbooks in (organisations and grants); the import names who did it.
rules.add_perm("echanges.importer", est_agent | est_gestionnaire)
rules.add_perm("echanges.voir_importations", est_du_personnel)
# Open data: the grants the city publishes anyway (approved or later), for every staff member;
# the public URLs ask no rule but the setting DONNEES_OUVERTES_PUBLIQUES.
rules.add_perm("echanges.voir_donnees_ouvertes", est_agent | est_gestionnaire | est_administrateur)
