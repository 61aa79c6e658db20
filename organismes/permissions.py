"""Who may do what with organisations (django-rules predicates).

Agents keep the organisation files (record, contacts, documents); managers and administrators
read them; a partner reads its own organisation only. Views fetch objects through the scoped
selectors first, so a foreign object is a 404 before these rules are even asked.
"""

import rules

from comptes.permissions import est_agent, est_du_personnel, est_partenaire
from comptes.roles import organisme_de


@rules.predicate
def est_son_organisme(user, organisme):
    return organisme is not None and organisme_de(user) == organisme


@rules.predicate
def est_document_de_son_organisme(user, document):
    mien = organisme_de(user)
    return document is not None and mien is not None and document.organisme_id == mien.pk


rules.add_perm("organismes.voir_liste", est_du_personnel)
rules.add_perm("organismes.voir_organisme", est_du_personnel | (est_partenaire & est_son_organisme))
# Staff only: the history names the officers who made each change.
rules.add_perm("organismes.voir_historique", est_du_personnel)
rules.add_perm("organismes.creer_organisme", est_agent)
rules.add_perm("organismes.modifier_organisme", est_agent)
rules.add_perm("organismes.gerer_contacts", est_agent)
rules.add_perm("organismes.gerer_documents", est_agent)
rules.add_perm(
    "organismes.telecharger_document",
    est_du_personnel | (est_partenaire & est_document_de_son_organisme),
)
