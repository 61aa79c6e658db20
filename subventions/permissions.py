"""Who may do and see what with grants and programmes: every grant rule, in one screen.

Each lifecycle step in `cycle.ETAPES` names its permission here (`subventions.<action>`); the
services, the views, the templates (`{% peut %}`) and the permission tables in the tests all ask
these same rules, so a button shows exactly when its POST would pass. The status a step starts
from is the lifecycle's business (`Etape.depuis`); these rules say *who*.
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptes.permissions import (
    est_administrateur,
    est_agent,
    est_du_personnel,
    est_gestionnaire,
)
from noyau.formats import nom_complet
from noyau.permissions import peut
from noyau.regles import Condition, regle
from organismes.membres import organisme_id_de
from organismes.permissions import est_partenaire

from .models import Subvention, Transition, sous_convention_q

S = Subvention.Statut


def la_subvention(objet):
    """The grant itself, or the grant an instalment, obligation or document belongs to: the
    grant's predicates below answer for the objects of the grant too."""
    return getattr(objet, "subvention", objet)


@rules.predicate
def est_sa_subvention(user, objet):
    return objet is not None and organisme_id_de(user) == la_subvention(objet).organisme_id


@rules.predicate
def est_agent_responsable(user, objet):
    return objet is not None and la_subvention(objet).agent_id == user.pk


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


def n_a_pas_instruit_q(user):
    """`~a_instruit_le_dossier` on a QuerySet of grants."""
    return ~(
        Q(agent=user)
        | Q(pk__in=Transition.objects.filter(vers=S.RECOMMANDEE, par=user).values("subvention"))
        | Q(pk__in=Subvention.history.filter(agent_id=user.pk).values("id"))
    )


@rules.predicate
def avant_la_decision(user, subvention):
    return subvention is not None and subvention.statut in (S.EN_ANALYSE, S.RECOMMANDEE)


@rules.predicate
def montant_decide(user, subvention):
    return subvention is not None and subvention.est_engagee


def montant_visible_q(user):
    """`est_du_personnel | (est_sa_subvention & montant_decide)` on a QuerySet of grants."""
    if est_du_personnel(user):
        return Q()
    organisme_id = organisme_id_de(user)
    if organisme_id is None:
        return Q(pk__in=[])
    return Q(organisme_id=organisme_id, statut__in=Subvention.STATUTS_ENGAGES)


@rules.predicate
def sous_convention(user, objet):
    """Signed, under way or finished (Subvention.STATUTS_SOUS_CONVENTION): the agreement binds
    the city, a schedule exists, and money may move (the grant's or its objects')."""
    return objet is not None and la_subvention(objet).est_sous_convention


# Who acts on a file (or on its instalments and obligations): its responsible agent, or any
# manager.
suit_le_dossier = (est_agent & est_agent_responsable) | est_gestionnaire
# "May see this grant" (or its schedule, reports, documents): the staff, or the partner whose
# organisation holds it.
voit_la_subvention = est_du_personnel | (est_partenaire & est_sa_subvention)


def suit_le_dossier_q(user, chemin=""):
    """`suit_le_dossier` on a QuerySet (of grants, or through `chemin` to them)."""
    if est_gestionnaire(user):
        return Q()
    if est_agent(user):
        return Q(**{f"{chemin}__agent" if chemin else "agent": user})
    return Q(pk__in=[])


# --- Why a step is refused (the reasons of the rules below) ----------------------------------
RAISON_AUTRE_ROLE = _("L'étape « %(action)s » est réservée à un autre rôle que le vôtre.")
RAISON_SEPARATION = _(
    "Vous avez été l'agent responsable de ce dossier ou vous l'avez recommandé : un autre "
    "gestionnaire doit l'approuver (séparation des tâches)."
)


def raison_du_suivi(user, subvention, contexte):
    """An agent who is not the file's: whom the file is entrusted to; anyone else: the role."""
    if est_agent(user) and subvention.agent_id != user.pk:
        return gettext(
            "Ce dossier est confié à %(agent)s : seul l'agent responsable ou un gestionnaire peut "
            "faire l'étape « %(action)s »."
        ) % {"agent": nom_complet(subvention.agent) or "—", "action": contexte["action"]}
    return gettext(RAISON_AUTRE_ROLE) % contexte


def raison_de_l_annulation(user, subvention, contexte):
    if not avant_la_decision(user, subvention):
        return gettext("Une subvention approuvée ne peut être annulée que par un gestionnaire.")
    return raison_du_suivi(user, subvention, contexte)


SUIVI = Condition(suit_le_dossier, raison_du_suivi, filtre=suit_le_dossier_q)

# --- Lifecycle steps (cycle.ETAPES: one permission per step, same name as the step; the step
# adds the status it starts from, cycle.Etape.regle) -------------------------------------------
regle(
    "subventions.recommander",
    Condition(
        est_agent & est_agent_responsable,
        raison_du_suivi,
        filtre=lambda user: Q(agent=user) if est_agent(user) else Q(pk__in=[]),
    ),
)
regle(
    "subventions.approuver",
    Condition(est_gestionnaire, raison_du_suivi),
    Condition(~a_instruit_le_dossier, RAISON_SEPARATION, filtre=n_a_pas_instruit_q),
)
for _action in ("renvoyer", "refuser", "signer", "demarrer", "terminer", "fermer"):
    regle(f"subventions.{_action}", SUIVI)
# Before the decision the responsible officer may withdraw a file; afterwards only a manager.
regle(
    "subventions.annuler",
    Condition(
        (avant_la_decision & suit_le_dossier) | (~avant_la_decision & est_gestionnaire),
        raison_de_l_annulation,
    ),
)

# An amendment re-decides the amount (a new CE resolution, the envelope checked again, perhaps
# overridden): the same decision as the approval, so the same separation of duties.
regle(
    "subventions.enregistrer_avenant",
    Condition(
        sous_convention,
        _(
            "Un avenant ne s'applique qu'à une subvention dont la convention est signée : "
            "celle-ci est au statut « %(statut)s »."
        ),
        etat=True,
        filtre=lambda user: sous_convention_q(),
    ),
    Condition(
        ~a_instruit_le_dossier,
        _(
            "Vous avez été l'agent responsable de ce dossier ou vous l'avez recommandé : un "
            "autre gestionnaire doit enregistrer l'avenant (séparation des tâches)."
        ),
        filtre=n_a_pas_instruit_q,
    ),
    Condition(est_gestionnaire, _("Seul un gestionnaire peut enregistrer un avenant.")),
)
rules.add_perm("subventions.deroger_enveloppe", est_gestionnaire)

# --- Other things one may do -----------------------------------------------------------------
rules.add_perm("subventions.voir_liste", est_du_personnel)
rules.add_perm("subventions.voir_subvention", voit_la_subvention)
rules.add_perm("subventions.creer_subvention", est_agent)
# A grant born recommended, from a selection committee's decision (a later app's call for
# projects): whoever runs the calls turns its retained applications into grants.
regle(
    "subventions.creer_recommandee",
    Condition(
        est_agent | est_gestionnaire,
        _("Seuls les agents de programme et les gestionnaires créent une subvention recommandée."),
    ),
)
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
# Sorting by amount asks the same rule on the QuerySet (`Regle.q`, subventions.tables): an amount
# one may not see sorts as no amount, or its place would bound it between two visible ones.
regle(
    "subventions.voir_montant_accorde",
    Condition(
        est_du_personnel | (est_sa_subvention & montant_decide),
        _("Le montant sera connu à la décision."),
        filtre=montant_visible_q,
    ),
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
