"""Who may import workbooks and download open data.

The public directory needs no rule: it shows only what is public by nature (funded services and
their organisation's public contact details).
"""

import rules  # noqa: E402

from comptes.permissions import est_agent, est_du_personnel, est_gestionnaire  # noqa: E402

# Officers bring their workbooks in (organisations and grants); the import names who did it.
rules.add_perm("echanges.importer", est_agent | est_gestionnaire)
rules.add_perm("echanges.voir_importations", est_du_personnel)
