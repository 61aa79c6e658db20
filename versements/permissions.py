"""Who may do and see what with instalments: every payment rule, in one screen.

Each step is a rule (noyau.regles) that includes the state it starts from, each condition with
the words for its "no": `{% peut %}` shows a button exactly when its POST would pass, the
service asks the same rule again under the grant's row lock and raises its reason, the view's
403 says it, and the work queue lists a row by the same rule (`filtrer`). Roles, assignment,
"may see this grant" and "money may move" are the grants' own predicates
(subventions/permissions.py).
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptes.permissions import est_agent, est_du_personnel, est_gestionnaire
from noyau.permissions import peut
from noyau.regles import Condition, regle
from subventions.models import sous_convention_q
from subventions.permissions import (
    est_agent_responsable,
    sous_convention,
    suit_le_dossier,
    voit_la_subvention,
)

from .models import ModificationEcheancier, Versement

V = Versement.Statut
C = Versement.Condition
M = ModificationEcheancier.Statut

LIBELLES = {
    "autoriser": _("Autoriser"),
    "payer": _("Inscrire le paiement"),
    "retenir": _("Retenir"),
    "lever_retenue": _("Lever la retenue"),
    "annuler": _("Annuler le versement"),
}


@rules.predicate
def rien_n_est_paye(user, subvention):
    return subvention is not None and not subvention.versements.payes().exists()


@rules.predicate
def a_un_echeancier(user, subvention):
    return subvention is not None and subvention.versements.exists()


@rules.predicate
def condition_remplie(user, versement):
    return versement is not None and versement.condition_remplie


@rules.predicate
def n_a_pas_autorise(user, versement):
    return versement is not None and versement.autorise_par_id != user.pk


@rules.predicate
def hors_lot_envoye(user, versement):
    # Once its batch left for the finance system, only recording the payment remains.
    return versement is not None and not (versement.lot_id and versement.lot.envoye)


def attente(versement) -> str:
    """What a planned instalment waits for before it may be authorised ("" when nothing): the
    reason of `condition_remplie` in `versements.autoriser`, also shown in the schedule."""
    if versement.statut != V.PREVU or versement.condition_remplie:
        return ""
    if versement.condition == C.RAPPORT_ETAPE:
        return gettext("En attente de l'acceptation du rapport d'étape.")
    return gettext("En attente de l'acceptation du rapport final.")


def au_statut(*statuts):
    """The instalment is in one of `statuts` (the state a step starts from)."""

    @rules.predicate
    def predicat(user, versement):
        return versement is not None and versement.statut in statuts

    return Condition(
        predicat,
        _(
            "Ce versement est au statut « %(statut)s » : l'action « %(action)s » est impossible "
            "(quelqu'un l'a peut-être fait entre-temps)."
        ),
        etat=True,
        filtre=lambda user: Q(statut__in=statuts),
    )


def _raison_subvention_inactive(user, versement, contexte):
    raison = gettext(
        "La subvention est au statut « %(statut)s » : aucun paiement n'y est possible."
    )
    return raison % {"statut": versement.subvention.get_statut_display()}


RAISON_ROLE = _("L'action « %(action)s » est réservée à un autre rôle que le vôtre.")
SOUS_CONVENTION = Condition(
    sous_convention,
    _raison_subvention_inactive,
    filtre=lambda user: sous_convention_q("subvention"),
)
HORS_LOT_ENVOYE = Condition(
    hors_lot_envoye,
    _("Ce versement est parti dans un lot de paiement : inscrivez plutôt le paiement."),
    filtre=lambda user: ~Q(lot__envoye=True),
)
GESTIONNAIRE = Condition(est_gestionnaire, RAISON_ROLE)

# --- Steps on one instalment (object: the Versement) -----------------------------------------
regle(
    "versements.autoriser",
    au_statut(V.PREVU),
    Condition(
        condition_remplie,
        lambda user, versement, contexte: attente(versement),
        etat=True,
        filtre=lambda user: Q(condition_remplie=True),
    ),
    SOUS_CONVENTION,
    GESTIONNAIRE,
    libelle=LIBELLES["autoriser"],
)
regle(
    "versements.payer",
    au_statut(V.AUTORISE),
    SOUS_CONVENTION,
    Condition(
        est_agent & est_agent_responsable,
        RAISON_ROLE,
        filtre=lambda user: Q(subvention__agent=user) if est_agent(user) else Q(pk__in=[]),
    ),
    # Separation of duties (domain.md): whoever authorised the instalment does not record its
    # payment, even holding both roles.
    Condition(
        n_a_pas_autorise,
        _(
            "Vous avez autorisé ce versement : son paiement est inscrit par une autre personne "
            "(séparation des tâches)."
        ),
        filtre=lambda user: ~Q(autorise_par=user),
    ),
    libelle=LIBELLES["payer"],
)
regle(
    "versements.retenir",
    au_statut(V.PREVU, V.AUTORISE),
    HORS_LOT_ENVOYE,
    SOUS_CONVENTION,
    GESTIONNAIRE,
    libelle=LIBELLES["retenir"],
)
regle(
    "versements.annuler",
    au_statut(V.PREVU, V.AUTORISE, V.RETENU),
    HORS_LOT_ENVOYE,
    GESTIONNAIRE,
    libelle=LIBELLES["annuler"],
)
regle(
    "versements.lever_retenue",
    au_statut(V.RETENU),
    SOUS_CONVENTION,
    GESTIONNAIRE,
    libelle=LIBELLES["lever_retenue"],
)

# --- The schedule of one grant (object: the Subvention) ---------------------------------------
regle(
    "versements.modifier_echeancier",
    Condition(
        est_agent & est_agent_responsable & sous_convention & a_un_echeancier & rien_n_est_paye,
        _(
            "Seul l'agent responsable modifie l'échéancier d'une subvention signée, tant "
            "que rien n'est payé."
        ),
    ),
)


# --- A proposed schedule change (object: the ModificationEcheancier) --------------------------
@rules.predicate
def est_proposee(user, modification):
    return modification is not None and modification.statut == M.PROPOSEE


@rules.predicate
def n_a_pas_propose(user, modification):
    return modification is not None and modification.propose_par_id != user.pk


PROPOSEE = Condition(
    est_proposee,
    _("Cette modification de l'échéancier est déjà « %(statut)s » : rien n'est à décider."),
    etat=True,
    filtre=lambda user: Q(statut=M.PROPOSEE),
)
# Separation of duties (domain.md): the agent proposes, another person decides, even when the
# proposer is also a manager.
NON_PROPOSANT = Condition(
    n_a_pas_propose,
    _(
        "Vous avez proposé cette modification de l'échéancier : un autre gestionnaire en décide "
        "(séparation des tâches)."
    ),
    filtre=lambda user: ~Q(propose_par=user),
)
SOUS_CONVENTION_MODIFICATION = Condition(
    sous_convention,
    _("La subvention n'est plus sous convention : cette modification ne peut plus s'appliquer."),
    filtre=lambda user: sous_convention_q("subvention"),
)
regle(
    "versements.approuver_modification",
    PROPOSEE,
    SOUS_CONVENTION_MODIFICATION,
    GESTIONNAIRE,
    NON_PROPOSANT,
    libelle=_("Approuver la modification"),
)
regle(
    "versements.refuser_modification",
    PROPOSEE,
    GESTIONNAIRE,
    NON_PROPOSANT,
    libelle=_("Refuser la modification"),
)

# Releasing the instalments waiting on a report: whoever reviews the grant's reports.
regle(
    "versements.liberer",
    Condition(
        suit_le_dossier, _("Seul l'agent responsable ou un gestionnaire libère un versement.")
    ),
)

# --- What one may see ------------------------------------------------------------------------
rules.add_perm("versements.voir_echeancier", voit_la_subvention)
rules.add_perm("versements.telecharger_convention", voit_la_subvention)
# Why an instalment is retained or cancelled is the officers' business (domain.md).
rules.add_perm("versements.voir_motifs", est_du_personnel)
# Proposed schedule changes carry the officers' reasons: staff only, like the motifs.
rules.add_perm("versements.voir_modifications", est_du_personnel)
rules.add_perm("versements.voir_liste", est_du_personnel)
rules.add_perm("versements.voir_lots", est_gestionnaire)
rules.add_perm("versements.creer_lot", est_gestionnaire)


ACTIONS = tuple(LIBELLES)


def actions_possibles(user, versement) -> list[str]:
    return [a for a in ACTIONS if peut(user, f"versements.{a}", versement)]
