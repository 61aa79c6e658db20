"""Every write on reporting obligations.

Each write takes the grant row first with select_for_update() (as every write on its
instalments does), then the obligation row: two officers acting on one file are serialised,
and closing the grant (which reads its obligations under that same lock) sees a settled state.
The status steps then ask their rule (reddition/permissions.py) for its verdict: a status that
moved is a ValidationError, a role a PermissionDenied, each in the rule's own words.
"""

import datetime
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.historique import auteur
from noyau.permissions import peut, verdict
from subventions.models import DELAI_RAPPORT_FINAL, Subvention
from versements.models import Versement
from versements.services import echeancier

from ..models import Obligation, Suivi

ST = Obligation.Statut
T = Obligation.Type
C = Versement.Condition

# A project longer than this gets a rapport d'étape half-way through.
DUREE_AVEC_RAPPORT_ETAPE = datetime.timedelta(days=365)
# A month to write the rapport d'étape once the first half is over.
DELAI_RAPPORT_ETAPE = datetime.timedelta(days=30)
# Financial statements need the year's books closed and reviewed by an accountant: 90 days
# leaves a month after the final report, the usual three-month window after a fiscal year for
# an OBNL's reviewed statements, and the last instalment waits only on the final report.
DELAI_ETATS_FINANCIERS = datetime.timedelta(days=90)
SEUIL_ETATS_FINANCIERS = 100_000

# The instalments that wait on each type of report (versements.Versement.Condition).
CONDITION_DU_TYPE = {T.RAPPORT_ETAPE: C.RAPPORT_ETAPE, T.RAPPORT_FINAL: C.RAPPORT_FINAL}

# Change reasons saved in the history (readable in either language: noyau.historique).
RAISON_CREATION = gettext_lazy("Obligations créées à la signature")
RAISON_AJOUT = gettext_lazy("Obligation ajoutée")
RAISON_RETRAIT = gettext_lazy("Obligation retirée")
RAISON_SOUMISE = gettext_lazy("Rapport reçu")
RAISON_ACCEPTEE = gettext_lazy("Rapport accepté")
RAISON_A_CORRIGER = gettext_lazy("Rapport renvoyé pour correction")
RAISONS = [
    RAISON_CREATION,
    RAISON_AJOUT,
    RAISON_RETRAIT,
    RAISON_SOUMISE,
    RAISON_ACCEPTEE,
    RAISON_A_CORRIGER,
]


def verrouiller(obligation) -> Obligation:
    Subvention.objects.select_for_update().get(pk=obligation.subvention_id)
    return Obligation.objects.select_for_update().select_related("subvention").get(pk=obligation.pk)


def _exiger(par, permission, objet, message):
    # For the rules that do not carry their reason yet; the status steps ask theirs (verdict).
    if not peut(par, permission, objet):
        raise PermissionDenied(message)


def _enregistrer(obligation, par, raison):
    auteur(obligation, par, raison)
    obligation.full_clean()
    obligation.save()
    return obligation


def _rapports_d_etape_annuels(subvention, debut) -> list[dict]:
    """One rapport d'étape per year boundary of a multi-year répartition: each later exercice's
    part is released on 1 January by the report on the year before (domain.md), so that report
    covers up to 31 December and is due 30 days later."""
    exercices = sorted(
        e for e, montant in subvention.repartitions.values_list("exercice", "montant") if montant
    )
    lignes = []
    for precedent, exercice in itertools.pairwise(exercices):
        fin_annee = datetime.date(exercice - 1, 12, 31)
        lignes.append(
            {
                "type": T.RAPPORT_ETAPE,
                "periode_debut": max(debut, datetime.date(precedent, 1, 1)),
                "periode_fin": fin_annee,
                "date_echeance": fin_annee + DELAI_RAPPORT_ETAPE,
            }
        )
    return lignes


def obligations_par_defaut(*, subvention) -> list[dict]:
    """domain.md: for a grant paid over several exercices, a rapport d'étape at each year
    boundary (it releases the next exercice's part); otherwise a rapport d'étape half-way for
    projects over one year; a rapport final due 60 days after the end date; and the financial
    statements for grants of 100 000 $ or more."""
    debut, fin = subvention.date_debut, subvention.date_fin
    if not (debut and fin):
        raise ValidationError(_("Les dates de début et de fin du projet sont requises."))
    lignes = _rapports_d_etape_annuels(subvention, debut)
    if not lignes and fin - debut > DUREE_AVEC_RAPPORT_ETAPE:
        milieu = debut + (fin - debut) // 2
        lignes.append(
            {
                "type": T.RAPPORT_ETAPE,
                "periode_debut": debut,
                "periode_fin": milieu,
                "date_echeance": milieu + DELAI_RAPPORT_ETAPE,
            }
        )
    lignes.append(
        {
            "type": T.RAPPORT_FINAL,
            "periode_debut": debut,
            "periode_fin": fin,
            "date_echeance": fin + DELAI_RAPPORT_FINAL,
        }
    )
    if (subvention.montant_accorde or 0) >= SEUIL_ETATS_FINANCIERS:
        lignes.append(
            {
                "type": T.ETATS_FINANCIERS,
                "periode_debut": debut,
                "periode_fin": fin,
                "date_echeance": fin + DELAI_ETATS_FINANCIERS,
            }
        )
    return lignes


def _nouvelle(subvention, par, ligne, raison) -> Obligation:
    obligation = Obligation(subvention=subvention, statut=ST.A_VENIR, **ligne)
    return _enregistrer(obligation, par, raison)


@transaction.atomic
def obligations_creer(*, subvention, par) -> list[Obligation]:
    """Creates a signed grant's default obligations, once (a grant that already has some keeps
    them: they are then edited one by one). Run by the signing step
    (versements.services.signature.convention_signer, registered in apps.py), in its
    transaction."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    _exiger(
        par,
        "reddition.ajouter",
        subvention,
        _("Seul l'agent responsable ou un gestionnaire fixe les obligations d'un dossier signé."),
    )
    if subvention.obligations.exists():
        raise ValidationError(_("Cette subvention a déjà ses obligations de reddition de comptes."))
    return [
        _nouvelle(subvention, par, ligne, RAISON_CREATION)
        for ligne in obligations_par_defaut(subvention=subvention)
    ]


@transaction.atomic
def obligation_ajouter(
    *, subvention, par, type, periode_debut, periode_fin, date_echeance
) -> Obligation:
    """The officer following a signed file adds an obligation (a second rapport d'étape, the
    financial statements below the threshold…). A grant has one rapport final."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    _exiger(
        par,
        "reddition.ajouter",
        subvention,
        _("Seul l'agent responsable ou un gestionnaire ajoute une obligation à un dossier signé."),
    )
    if type == T.RAPPORT_FINAL and subvention.obligations.filter(type=T.RAPPORT_FINAL).exists():
        raise ValidationError(_("Cette subvention a déjà un rapport final."))
    ligne = {
        "type": type,
        "periode_debut": periode_debut,
        "periode_fin": periode_fin,
        "date_echeance": date_echeance,
    }
    return _nouvelle(subvention, par, ligne, RAISON_AJOUT)


@transaction.atomic
def obligation_modifier_echeance(*, obligation, par, date_echeance, raison) -> Obligation:
    """A new due date for an obligation not yet accepted, with the reason (kept in the
    history: an extension granted is part of the file)."""
    obligation = verrouiller(obligation)
    _exiger(
        par,
        "reddition.modifier_echeance",
        obligation,
        _(
            "Seul l'agent responsable ou un gestionnaire change l'échéance d'une obligation non "
            "acceptée."
        ),
    )
    raison = (raison or "").strip()
    if not raison:
        raise ValidationError(_("Indiquez la raison du changement d'échéance."))
    if date_echeance is None:
        raise ValidationError(_("Indiquez la nouvelle date d'échéance."))
    if date_echeance < obligation.periode_fin:
        raise ValidationError(
            _("L'échéance ne peut pas précéder la fin de la période couverte (%(date)s).")
            % {"date": obligation.periode_fin.isoformat()}
        )
    obligation.date_echeance = date_echeance
    return _enregistrer(obligation, par, raison)


@transaction.atomic
def obligation_retirer(*, obligation, par) -> None:
    """Removes an obligation nothing was submitted for (the history keeps it). The rapport
    final stays: closing the grant asks for it."""
    obligation = verrouiller(obligation)
    _exiger(
        par,
        "reddition.retirer",
        obligation,
        _(
            "Seule une obligation à venir, autre que le rapport final, peut être retirée, par "
            "l'agent responsable ou un gestionnaire."
        ),
    )
    auteur(obligation, par, RAISON_RETRAIT)
    obligation.delete()


def _suivre(obligation, par, action, commentaire, interne):
    Suivi.objects.create(
        obligation=obligation,
        action=action,
        par=par,
        commentaire=(commentaire or "").strip(),
        interne=interne,
    )


@transaction.atomic
def obligation_marquer_soumise(*, obligation, par, commentaire="", interne=False) -> Obligation:
    """The report was received (today, outside the portal): it now waits for review. Whoever
    follows the file, while the report is owed (`reddition.marquer_soumise`)."""
    obligation = verrouiller(obligation)
    verdict(par, "reddition.marquer_soumise", obligation).exiger()
    return obligation_recevoir(
        obligation=obligation, par=par, commentaire=commentaire, interne=interne
    )


def obligation_recevoir(*, obligation, par, commentaire="", interne=False) -> Obligation:
    """The status step itself, for a caller that holds the rows locked and asked its own rule
    (the officer's `marquer_soumise` above, the partner's `rapport_soumettre`)."""
    obligation.statut = ST.SOUMIS
    _suivre(obligation, par, Suivi.Action.SOUMISE, commentaire, interne)
    return _enregistrer(obligation, par, RAISON_SOUMISE)


@transaction.atomic
def obligation_accepter(*, obligation, par, commentaire="", interne=False) -> Obligation:
    """The submitted report is accepted; the instalments waiting on it (rapport d'étape or
    rapport final) are released in the same transaction. Whoever follows the file
    (`reddition.accepter`)."""
    obligation = verrouiller(obligation)
    verdict(par, "reddition.accepter", obligation).exiger()
    obligation.statut = ST.ACCEPTE
    _suivre(obligation, par, Suivi.Action.ACCEPTEE, commentaire, interne)
    _enregistrer(obligation, par, RAISON_ACCEPTEE)
    condition = CONDITION_DU_TYPE.get(obligation.type)
    if condition == C.RAPPORT_ETAPE:
        # The report on a year releases the instalments of the exercice that follows it (and
        # of earlier ones still waiting), not those of later years: each waits for its report.
        echeancier.versements_liberer(
            subvention=obligation.subvention,
            condition=condition,
            par=par,
            jusqu_a_exercice=obligation.periode_fin.year + 1,
        )
    elif condition is not None:
        echeancier.versements_liberer(
            subvention=obligation.subvention, condition=condition, par=par
        )
    return obligation


@transaction.atomic
def obligation_a_corriger(*, obligation, par, commentaire) -> Obligation:
    """The submitted report goes back to the organisation, with what to correct (the comment is
    required and meant for the organisation). Whoever follows the file (`reddition.a_corriger`)."""
    obligation = verrouiller(obligation)
    verdict(par, "reddition.a_corriger", obligation).exiger()
    if not (commentaire or "").strip():
        raise ValidationError(_("Indiquez ce que l'organisme doit corriger."))
    obligation.statut = ST.A_CORRIGER
    _suivre(obligation, par, Suivi.Action.A_CORRIGER, commentaire, False)
    return _enregistrer(obligation, par, RAISON_A_CORRIGER)
