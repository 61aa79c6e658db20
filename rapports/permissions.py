"""Who may read the managers' reports: the dashboard and the program summary workbook.

The figures span every organisation, so they are for the people who follow the files (agents,
managers); an administrator manages accounts, not grants, and a partner sees its own only.
"""

import rules

from comptes.permissions import est_agent, est_gestionnaire

rules.add_perm("rapports.voir_tableau_de_bord", est_agent | est_gestionnaire)
