"""Who may do and see what with reporting obligations: every rule, in one screen.

Each step's rule includes the status it starts from, so that `{% peut %}` shows a button exactly
when its POST would pass; the services ask the same rule again under the grant's row lock.
Roles and assignment are the grants' own predicates (subventions/permissions.py): whoever
follows the file (its responsible agent, or a manager) acts on its obligations.
"""

import datetime

import rules
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptes.permissions import est_agent, est_du_personnel, est_gestionnaire
from noyau.formats import date_longue
from noyau.permissions import peut
from noyau.regles import Condition, regle
from organismes.permissions import est_partenaire
from subventions.models import sous_convention_q
from subventions.permissions import (
    est_sa_subvention,
    sous_convention,
    suit_le_dossier,
    suit_le_dossier_q,
    voit_la_subvention,
)

from .models import Obligation

ST = Obligation.Statut


def _statut_parmi(*statuts):
    @rules.predicate
    def predicat(user, obligation):
        return obligation is not None and obligation.statut in statuts

    return predicat


est_a_venir = _statut_parmi(ST.A_VENIR)
est_due = _statut_parmi(*Obligation.STATUTS_DUS)
non_acceptee = _statut_parmi(ST.A_VENIR, ST.SOUMIS, ST.A_CORRIGER)


@rules.predicate
def n_est_pas_le_rapport_final(user, obligation):
    # Closing the grant asks for its final report accepted: it cannot be removed.
    return obligation is not None and obligation.type != Obligation.Type.RAPPORT_FINAL


@rules.predicate
def periode_terminee_si_final(user, obligation):
    return obligation is not None and (
        obligation.type != Obligation.Type.RAPPORT_FINAL
        or obligation.periode_fin < timezone.localdate()
    )


def _raison_periode(user, obligation, contexte):
    return _(
        "Le rapport final se soumet une fois la période qu'il couvre terminée, soit à partir "
        "du %(lendemain)s : enregistrez-le comme brouillon d'ici là."
    ) % {"lendemain": date_longue(obligation.periode_fin + datetime.timedelta(days=1))}


@rules.predicate
def est_note_interne(user, suivi):
    return suivi is not None and suivi.interne


# Whoever follows the file acts on its obligations while the grant is under agreement.
agit = suit_le_dossier & sous_convention

# --- Edits by the staff (object: the Obligation; "ajouter": the Subvention) ------------------
rules.add_perm("reddition.ajouter", agit)
rules.add_perm("reddition.modifier_echeance", agit & non_acceptee)
# Only what nothing was submitted for: a report received is part of the file.
rules.add_perm("reddition.retirer", agit & est_a_venir & n_est_pas_le_rapport_final)


# --- Status steps (reports received outside the portal, later the partner reports' review) ---
# Rules with their reason (noyau.regles): the work queue lists an obligation by the same rule
# (`filtrer`) as the step it leads to.
def _etape(nom, statuts, raison):
    regle(
        nom,
        Condition(
            _statut_parmi(*statuts),
            raison,
            etat=True,
            filtre=lambda user: Q(statut__in=statuts),
        ),
        Condition(
            agit,
            raison,
            filtre=lambda user: (
                suit_le_dossier_q(user, "subvention") & sous_convention_q("subvention")
            ),
        ),
    )


_etape(
    "reddition.marquer_soumise",
    Obligation.STATUTS_DUS,
    _("Seul l'agent responsable ou un gestionnaire inscrit un rapport attendu comme reçu."),
)
_etape(
    "reddition.accepter",
    (ST.SOUMIS,),
    _("Seul l'agent responsable ou un gestionnaire accepte un rapport reçu."),
)
_etape(
    "reddition.a_corriger",
    (ST.SOUMIS,),
    _("Seul l'agent responsable ou un gestionnaire renvoie un rapport reçu pour correction."),
)

# --- The partner's report (object: the Obligation) -------------------------------------------
# Its own grant's report, while it is owed (à venir, en retard or sent back); read-only after.
rules.add_perm(
    "reddition.rediger_rapport", est_partenaire & est_sa_subvention & est_due & sous_convention
)
# A final report covers the whole project: it is sent once the period it covers has ended
# (a progress report may be sent early: it says what was done so far).
regle(
    "reddition.soumettre_rapport",
    Condition(
        est_partenaire & est_sa_subvention & est_due & sous_convention,
        _("Seul l'organisme soumet son rapport, tant qu'il est attendu ou à corriger."),
    ),
    Condition(periode_terminee_si_final, _raison_periode, etat=True),
)
# The review (accepter / a_corriger above) reads the submitted versions and their attachments.
rules.add_perm("reddition.voir_rapport", voit_la_subvention)

# --- What one may see ------------------------------------------------------------------------
rules.add_perm("reddition.voir_liste", est_du_personnel)
rules.add_perm("reddition.voir_obligations", voit_la_subvention)
# The partner reads the review's comments meant for it, never the officers' internal notes.
rules.add_perm("reddition.voir_commentaire", est_du_personnel | ~est_note_interne)
rules.add_perm("reddition.voir_historique", est_du_personnel)

# --- The staff work queue (/travail/, reddition/travail.py): who finds which section ---------
rules.add_perm("reddition.voir_travail_gestion", est_gestionnaire)
rules.add_perm("reddition.voir_travail_agent", est_agent)
rules.add_perm("reddition.voir_travail_dossiers", est_agent | est_gestionnaire)
# A manager follows every file; an agent's sections hold only their own (column shown or not).
rules.add_perm("reddition.voir_tous_les_dossiers", est_gestionnaire)

ACTIONS = ("marquer_soumise", "accepter", "a_corriger")


def actions_possibles(user, obligation) -> list[str]:
    return [a for a in ACTIONS if peut(user, f"reddition.{a}", obligation)]
