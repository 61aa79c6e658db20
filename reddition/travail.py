"""The staff work queue (/travail/): what waits on the user, section by section.

It reads the grants', the instalments', the obligations' and the organisations' selectors, so
it lives after all of them (architecture.md: an app uses only the apps listed before it). Each
section is a scoped queryset, a table and a filter, all three from the app that owns the rows
(this module only composes them): /travail/ shows its first rows, and /travail/<section>/ is
the whole list, filtered, sorted and exported like every list.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noyau.permissions import peut
from organismes import selectors as organismes_selectors
from organismes.filters import DocumentTravailFilter, ProfilModifieFilter
from organismes.tables import DocumentTravailTable, ProfilModifieTable
from subventions import selectors as subventions_selectors
from subventions.filters import SubventionFilter
from subventions.tables import SubventionTable
from versements import selectors as versements_selectors
from versements.filters import ModificationTravailFilter, VersementTravailFilter
from versements.tables import ModificationTravailTable, VersementTravailTable

from . import selectors
from .filters import ObligationFilter
from .tables import ObligationTable

HORIZON = datetime.timedelta(days=selectors.HORIZON_JOURS)


def toujours(user):
    return True


def jamais(user):
    return False


def seulement_les_siens(user):
    """An agent's obligation sections hold only their own files (the rules say so)."""
    return not peut(user, "reddition.voir_tous_les_dossiers")


# Each section is the selector of the app that owns its rows, filtered by the rule of the
# action it leads to (noyau.regles): a row is listed exactly when that action would pass.
def mes_dossiers(user):
    return subventions_selectors.subventions_a_faire_avancer(user=user)


def a_approuver(user):
    return subventions_selectors.subventions_a_approuver(user=user)


def versements_a_autoriser(user):
    return versements_selectors.versements_a_autoriser(user=user)


def versements_a_payer(user):
    return versements_selectors.versements_a_payer(user=user)


def modifications_a_approuver(user):
    return versements_selectors.modifications_a_approuver(user=user)


def obligations_a_surveiller(user):
    return selectors.obligations_a_relancer(user=user)


def rapports_a_examiner(user):
    return selectors.rapports_a_examiner(user=user)


def documents_a_renouveler(user):
    return organismes_selectors.documents_a_renouveler(user=user, jours=selectors.HORIZON_JOURS)


def profils_modifies(user):
    """Organisations whose partner users changed their profile, contacts or documents in the
    last 30 days. A fixed window rather than "since the agent last looked": nothing to store
    per agent, and the same rows for every officer who shares the files."""
    return organismes_selectors.organismes_modifies_par_leur_organisme(
        user=user, depuis=timezone.now() - HORIZON
    )


@dataclass(frozen=True)
class Section:
    slug: str
    titre: str
    vide: str
    permission: str
    lignes: object  # user → scoped QuerySet
    table: type
    filtre: type
    # user → True when every row is one of the user's own files: the "Agent responsable"
    # column would then repeat their name on every row, so the screen leaves it out (the
    # exports keep every column).
    les_siens: object = jamais

    def colonnes_masquees(self, user):
        return ("agent",) if self.les_siens(user) else ()


SECTIONS = {
    s.slug: s
    for s in (
        Section(
            "mes-dossiers",
            _("Mes dossiers à faire avancer"),
            _("Aucun dossier en attente de votre part."),
            "subventions.creer_subvention",
            mes_dossiers,
            SubventionTable,
            SubventionFilter,
            les_siens=toujours,
        ),
        Section(
            "a-approuver",
            _("Subventions recommandées à approuver"),
            _("Aucune subvention en attente d'approbation."),
            "subventions.voir_a_approuver",
            a_approuver,
            SubventionTable,
            SubventionFilter,
        ),
        Section(
            "versements-a-autoriser",
            _("Versements à autoriser"),
            _("Aucun versement dont la condition est remplie n'attend d'autorisation."),
            "reddition.voir_travail_gestion",
            versements_a_autoriser,
            VersementTravailTable,
            VersementTravailFilter,
        ),
        Section(
            "modifications-echeancier",
            _("Modifications d'échéancier à approuver"),
            _("Aucune modification d'échéancier n'attend votre approbation."),
            "reddition.voir_travail_gestion",
            modifications_a_approuver,
            ModificationTravailTable,
            ModificationTravailFilter,
        ),
        Section(
            "versements-a-payer",
            _("Versements autorisés à payer"),
            _("Aucun versement autorisé n'attend son paiement dans vos dossiers."),
            "reddition.voir_travail_agent",
            versements_a_payer,
            VersementTravailTable,
            VersementTravailFilter,
        ),
        Section(
            "obligations",
            _("Obligations en retard ou dues d'ici 30 jours"),
            _("Aucune obligation en retard ni due d'ici 30 jours."),
            "reddition.voir_travail_dossiers",
            obligations_a_surveiller,
            ObligationTable,
            ObligationFilter,
            les_siens=seulement_les_siens,
        ),
        Section(
            "rapports-a-examiner",
            _("Rapports reçus à examiner"),
            _("Aucun rapport reçu n'attend d'examen."),
            "reddition.voir_travail_dossiers",
            rapports_a_examiner,
            ObligationTable,
            ObligationFilter,
            les_siens=seulement_les_siens,
        ),
        Section(
            "documents",
            _("Documents d'organismes qui expirent d'ici 30 jours"),
            _("Aucun document d'organisme n'expire d'ici 30 jours."),
            "reddition.voir_travail_agent",
            documents_a_renouveler,
            DocumentTravailTable,
            DocumentTravailFilter,
        ),
        Section(
            "profils-modifies",
            _("Profils modifiés par les organismes ces 30 derniers jours"),
            _("Aucun organisme n'a modifié son profil ces 30 derniers jours."),
            "reddition.voir_travail_agent",
            profils_modifies,
            ProfilModifieTable,
            ProfilModifieFilter,
        ),
    )
}
