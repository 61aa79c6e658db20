"""Who may do and see what with instalments: every payment rule, in one screen.

Each step's rule includes the state it starts from, so that `{% peut %}` shows a button exactly
when its POST would pass; the services ask the same rule again under the grant's row lock.
Roles and assignment are the grants' own predicates (subventions/permissions.py).
"""

import rules

from comptes.permissions import est_agent, est_du_personnel, est_gestionnaire
from noyau.permissions import peut
from organismes.permissions import est_partenaire
from subventions.permissions import est_agent_responsable, est_sa_subvention, suit_le_dossier

from .models import Versement

V = Versement.Statut
# Grant statuses in which a schedule exists and money may move.
STATUTS_ACTIFS = ("convention_signee", "en_cours", "terminee")


def _subvention(objet):
    return getattr(objet, "subvention", objet)


@rules.predicate
def de_sa_subvention(user, objet):
    return objet is not None and est_sa_subvention(user, _subvention(objet))


@rules.predicate
def responsable_du_dossier(user, objet):
    return objet is not None and est_agent_responsable(user, _subvention(objet))


@rules.predicate
def subvention_active(user, objet):
    return objet is not None and _subvention(objet).statut in STATUTS_ACTIFS


@rules.predicate
def rien_n_est_paye(user, subvention):
    return subvention is not None and not subvention.versements.payes().exists()


@rules.predicate
def a_un_echeancier(user, subvention):
    return subvention is not None and subvention.versements.exists()


@rules.predicate
def est_prevu(user, versement):
    return versement is not None and versement.statut == V.PREVU


@rules.predicate
def est_autorise(user, versement):
    return versement is not None and versement.statut == V.AUTORISE


@rules.predicate
def est_retenu(user, versement):
    return versement is not None and versement.statut == V.RETENU


@rules.predicate
def condition_remplie(user, versement):
    return versement is not None and versement.condition_remplie


@rules.predicate
def hors_lot_envoye(user, versement):
    # Once its batch left for the finance system, only recording the payment remains.
    return versement is not None and not (versement.lot_id and versement.lot.envoye)


# --- Steps on one instalment (object: the Versement) -----------------------------------------
rules.add_perm(
    "versements.autoriser", est_gestionnaire & subvention_active & est_prevu & condition_remplie
)
rules.add_perm(
    "versements.payer", est_agent & responsable_du_dossier & subvention_active & est_autorise
)
rules.add_perm(
    "versements.retenir",
    est_gestionnaire & subvention_active & (est_prevu | est_autorise) & hors_lot_envoye,
)
rules.add_perm(
    "versements.annuler",
    est_gestionnaire & (est_prevu | est_autorise | est_retenu) & hors_lot_envoye,
)
rules.add_perm("versements.lever_retenue", est_gestionnaire & subvention_active & est_retenu)

# --- The schedule of one grant (object: the Subvention) ---------------------------------------
rules.add_perm(
    "versements.modifier_echeancier",
    est_agent & responsable_du_dossier & subvention_active & a_un_echeancier & rien_n_est_paye,
)
# Releasing the instalments waiting on a report: whoever reviews the grant's reports.
rules.add_perm("versements.liberer", suit_le_dossier)

# --- What one may see ------------------------------------------------------------------------
rules.add_perm("versements.voir_echeancier", est_du_personnel | (est_partenaire & de_sa_subvention))
rules.add_perm(
    "versements.telecharger_convention", est_du_personnel | (est_partenaire & de_sa_subvention)
)
# Why an instalment is retained or cancelled is the officers' business (domain.md).
rules.add_perm("versements.voir_motifs", est_du_personnel)
rules.add_perm("versements.voir_liste", est_du_personnel)
rules.add_perm("versements.voir_lots", est_gestionnaire)
rules.add_perm("versements.creer_lot", est_gestionnaire)


ACTIONS = ("autoriser", "payer", "retenir", "lever_retenue", "annuler")


def actions_possibles(user, versement) -> list[str]:
    return [a for a in ACTIONS if peut(user, f"versements.{a}", versement)]
