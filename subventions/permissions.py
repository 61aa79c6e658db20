"""Who may do and see what with grants and programmes: every grant rule, in one screen.

Each lifecycle step in `cycle.ETAPES` names its permission here (`subventions.<action>`); the
services, the views, the templates (`{% peut %}`) and the permission tables in the tests all ask
these same rules, so a button shows exactly when its POST would pass. The status a step starts
from is the lifecycle's business (`Etape.depuis`); these rules say *who*.
"""

import rules

from comptes.permissions import (
    est_administrateur,
    est_agent,
    est_du_personnel,
    est_gestionnaire,
)
from noyau.permissions import peut
from organismes.membres import organisme_id_de
from organismes.permissions import est_partenaire

from .models import Subvention

S = Subvention.Statut


@rules.predicate
def est_sa_subvention(user, subvention):
    return subvention is not None and organisme_id_de(user) == subvention.organisme_id


@rules.predicate
def est_agent_responsable(user, subvention):
    return subvention is not None and subvention.agent_id == user.pk


@rules.predicate
def est_modifiable(user, subvention):
    return subvention is not None and subvention.est_modifiable


@rules.predicate
def a_instruit_le_dossier(user, subvention):
    """Was ever the file's responsible agent (its history keeps every earlier one) or recommended
    it: separation of duties says such a person never approves it, whatever their roles."""
    if subvention is None:
        return False
    if subvention.agent_id == user.pk:
        return True
    return (
        subvention.transitions.filter(vers=S.RECOMMANDEE, par=user).exists()
        or subvention.history.filter(agent_id=user.pk).exists()
    )


@rules.predicate
def avant_la_decision(user, subvention):
    return subvention is not None and subvention.statut in (S.EN_ANALYSE, S.RECOMMANDEE)


@rules.predicate
def montant_decide(user, subvention):
    return subvention is not None and subvention.est_engagee


@rules.predicate
def convention_signee(user, subvention):
    """Signed, under way or finished: the agreement binds the city and a schedule exists."""
    return subvention is not None and subvention.statut in Subvention.STATUTS_AVENANT


# Who acts on a file: its responsible agent, or any manager.
suit_le_dossier = (est_agent & est_agent_responsable) | est_gestionnaire

# --- Lifecycle steps (cycle.ETAPES: one permission per step, same name as the step) ----------
rules.add_perm("subventions.recommander", est_agent & est_agent_responsable)
rules.add_perm("subventions.approuver", est_gestionnaire & ~a_instruit_le_dossier)
rules.add_perm("subventions.renvoyer", suit_le_dossier)
rules.add_perm("subventions.refuser", suit_le_dossier)
rules.add_perm("subventions.signer", suit_le_dossier)
rules.add_perm("subventions.demarrer", suit_le_dossier)
rules.add_perm("subventions.terminer", suit_le_dossier)
rules.add_perm("subventions.fermer", suit_le_dossier)
# Before the decision the responsible officer may withdraw a file; afterwards only a manager.
rules.add_perm(
    "subventions.annuler",
    (avant_la_decision & suit_le_dossier) | (~avant_la_decision & est_gestionnaire),
)

# An amendment re-decides the amount (a new CE resolution, the envelope checked again, perhaps
# overridden): the same decision as the approval, so the same separation of duties.
rules.add_perm(
    "subventions.enregistrer_avenant",
    est_gestionnaire & ~a_instruit_le_dossier & convention_signee,
)
rules.add_perm("subventions.deroger_enveloppe", est_gestionnaire)

# --- Other things one may do -----------------------------------------------------------------
rules.add_perm("subventions.voir_liste", est_du_personnel)
rules.add_perm(
    "subventions.voir_subvention", est_du_personnel | (est_partenaire & est_sa_subvention)
)
rules.add_perm("subventions.creer_subvention", est_agent)
rules.add_perm(
    "subventions.modifier_subvention", est_agent & est_agent_responsable & est_modifiable
)
rules.add_perm("subventions.voir_historique", est_du_personnel)
rules.add_perm("subventions.voir_file_travail", est_du_personnel)
rules.add_perm("subventions.voir_a_approuver", est_gestionnaire)
rules.add_perm("subventions.voir_programmes", est_du_personnel)
rules.add_perm("subventions.administrer_programmes", est_administrateur)
# Setting a programme's envelope for an exercice is a budget decision: managers only.
rules.add_perm("subventions.fixer_enveloppe", est_gestionnaire)

# --- What one may see (asked by the templates with {% peut %}) -------------------------------
# The amount of a file before its decision is a recommendation, not a promise: a partner sees it
# only once approved (and never for a refused or cancelled file).
rules.add_perm(
    "subventions.voir_montant_accorde", est_du_personnel | (est_sa_subvention & montant_decide)
)
# Totals of amounts not decided (demandé, proposé, what refused and cancelled files weighed): the
# same rule, for a whole list at once.
rules.add_perm("subventions.voir_totaux_non_decides", est_du_personnel)
# Who did each step, from which status, and the officers' comments.
rules.add_perm("subventions.voir_deliberations", est_du_personnel)
rules.add_perm("subventions.voir_derogations", est_du_personnel)
# Amendments (amounts, dates, resolution, reason) are decisions on the organisation's grant;
# their envelope override stays under voir_derogations.
rules.add_perm("subventions.voir_avenants", est_du_personnel | (est_sa_subvention & montant_decide))
# Links into the staff pages (organisation file, service catalogue, grants list).
rules.add_perm("subventions.voir_pages_internes", est_du_personnel)


@rules.predicate
def est_motif_communique(user, transition):
    # A refusal's or a cancellation's reason is the organisation's answer; other comments are
    # the officers' own notes.
    return transition is not None and transition.vers in (S.REFUSEE, S.ANNULEE)


rules.add_perm("subventions.voir_commentaire_etape", est_du_personnel | est_motif_communique)


VISIBILITES = (
    "montant_accorde",
    "deliberations",
    "derogations",
    "pages_internes",
    "historique",
    "avenants",
)


def ce_que_voit(user, subvention) -> dict:
    """The visibility rules above, asked once for a grant's pages (`voit.montant`, …)."""
    return {nom: peut(user, f"subventions.voir_{nom}", subvention) for nom in VISIBILITES}
