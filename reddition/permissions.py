"""Who may do and see what with reporting obligations: every rule, in one screen.

Each step's rule includes the status it starts from, so that `{% peut %}` shows a button exactly
when its POST would pass; the services ask the same rule again under the grant's row lock.
Roles and assignment are the grants' own predicates (subventions/permissions.py): whoever
follows the file (its responsible agent, or a manager) acts on its obligations.
"""

import rules

from comptes.permissions import est_agent, est_du_personnel, est_gestionnaire
from noyau.permissions import peut
from organismes.permissions import est_partenaire
from subventions.permissions import suit_le_dossier
from versements.permissions import de_sa_subvention, subvention_active

from .models import Obligation

ST = Obligation.Statut


def _statut_parmi(*statuts):
    @rules.predicate
    def predicat(user, obligation):
        return obligation is not None and obligation.statut in statuts

    return predicat


est_a_venir = _statut_parmi(ST.A_VENIR)
est_due = _statut_parmi(ST.A_VENIR, ST.A_CORRIGER)
est_soumise = _statut_parmi(ST.SOUMIS)
non_acceptee = _statut_parmi(ST.A_VENIR, ST.SOUMIS, ST.A_CORRIGER)


@rules.predicate
def n_est_pas_le_rapport_final(user, obligation):
    # Closing the grant asks for its final report accepted: it cannot be removed.
    return obligation is not None and obligation.type != Obligation.Type.RAPPORT_FINAL


@rules.predicate
def est_note_interne(user, suivi):
    return suivi is not None and suivi.interne


@rules.predicate
def suit_sa_subvention(user, objet):
    """`subventions.suit_le_dossier`, asked of the obligation's grant (or of the grant)."""
    return objet is not None and suit_le_dossier.test(user, getattr(objet, "subvention", objet))


agit = suit_sa_subvention & subvention_active

# --- Edits by the staff (object: the Obligation; "ajouter": the Subvention) ------------------
rules.add_perm("reddition.ajouter", agit)
rules.add_perm("reddition.modifier_echeance", agit & non_acceptee)
# Only what nothing was submitted for: a report received is part of the file.
rules.add_perm("reddition.retirer", agit & est_a_venir & n_est_pas_le_rapport_final)

# --- Status steps (reports received outside the portal, later the partner reports' review) ---
rules.add_perm("reddition.marquer_soumise", agit & est_due)
rules.add_perm("reddition.accepter", agit & est_soumise)
rules.add_perm("reddition.a_corriger", agit & est_soumise)

# --- The partner's report (object: the Obligation) -------------------------------------------
# Its own grant's report, while it is owed (à venir, en retard or sent back); read-only after.
rules.add_perm(
    "reddition.rediger_rapport", est_partenaire & de_sa_subvention & est_due & subvention_active
)
rules.add_perm(
    "reddition.soumettre_rapport", est_partenaire & de_sa_subvention & est_due & subvention_active
)
# The review (accepter / a_corriger above) reads the submitted versions and their attachments.
rules.add_perm("reddition.voir_rapport", est_du_personnel | (est_partenaire & de_sa_subvention))

# --- What one may see ------------------------------------------------------------------------
rules.add_perm("reddition.voir_liste", est_du_personnel)
rules.add_perm("reddition.voir_obligations", est_du_personnel | (est_partenaire & de_sa_subvention))
# The partner reads the review's comments meant for it, never the officers' internal notes.
rules.add_perm("reddition.voir_commentaire", est_du_personnel | ~est_note_interne)
rules.add_perm("reddition.voir_historique", est_du_personnel)

# --- The staff work queue (/travail/, reddition/travail.py): who finds which section ---------
rules.add_perm("reddition.voir_travail_gestion", est_gestionnaire)
rules.add_perm("reddition.voir_travail_agent", est_agent)
rules.add_perm("reddition.voir_travail_dossiers", est_agent | est_gestionnaire)

ACTIONS = ("marquer_soumise", "accepter", "a_corriger")


def actions_possibles(user, obligation) -> list[str]:
    return [a for a in ACTIONS if peut(user, f"reddition.{a}", obligation)]
