"""The grant lifecycle as data: which step goes from where to where, and who may take it.

domain.md: en analyse → recommandée → approuvée → convention signée → en cours → terminée →
fermée, with refusée (from en analyse or recommandée) and annulée (before fermée, with a reason).
One step is added: a recommended file can be sent back to analysis (with the reason), since a
recommended file can no longer be edited in place.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from comptes.roles import Role, a_role

from .models import Subvention

S = Subvention.Statut


def _agent_responsable(user, subvention):
    return a_role(user, Role.AGENT) and subvention.agent_id == user.pk


def _gestionnaire(user, subvention):
    return a_role(user, Role.GESTIONNAIRE)


def _agent_ou_gestionnaire(user, subvention):
    return _agent_responsable(user, subvention) or _gestionnaire(user, subvention)


def _peut_annuler(user, subvention):
    # Before the decision, the responsible officer may withdraw a file; afterwards, only a manager.
    if subvention.statut in (S.EN_ANALYSE, S.RECOMMANDEE):
        return _agent_ou_gestionnaire(user, subvention)
    return _gestionnaire(user, subvention)


@dataclass(frozen=True)
class Etape:
    action: str
    libelle: str
    depuis: tuple
    vers: str
    autorise: object
    commentaire_requis: bool = False
    bouton_danger: bool = False


ETAPES = {
    e.action: e
    for e in (
        Etape("recommander", _("Recommander"), (S.EN_ANALYSE,), S.RECOMMANDEE, _agent_responsable),
        Etape("approuver", _("Approuver"), (S.RECOMMANDEE,), S.APPROUVEE, _gestionnaire),
        Etape(
            "renvoyer",
            _("Renvoyer en analyse"),
            (S.RECOMMANDEE,),
            S.EN_ANALYSE,
            _agent_ou_gestionnaire,
            commentaire_requis=True,
        ),
        Etape(
            "refuser",
            _("Refuser"),
            (S.EN_ANALYSE, S.RECOMMANDEE),
            S.REFUSEE,
            _agent_ou_gestionnaire,
            commentaire_requis=True,
            bouton_danger=True,
        ),
        Etape(
            "signer",
            _("Convention signée"),
            (S.APPROUVEE,),
            S.CONVENTION_SIGNEE,
            _agent_ou_gestionnaire,
        ),
        Etape(
            "demarrer",
            _("Démarrer le projet"),
            (S.CONVENTION_SIGNEE,),
            S.EN_COURS,
            _agent_ou_gestionnaire,
        ),
        Etape(
            "terminer", _("Terminer le projet"), (S.EN_COURS,), S.TERMINEE, _agent_ou_gestionnaire
        ),
        Etape("fermer", _("Fermer le dossier"), (S.TERMINEE,), S.FERMEE, _agent_ou_gestionnaire),
        Etape(
            "annuler",
            _("Annuler"),
            (S.EN_ANALYSE, S.RECOMMANDEE, S.APPROUVEE, S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE),
            S.ANNULEE,
            _peut_annuler,
            commentaire_requis=True,
            bouton_danger=True,
        ),
    )
}


def etapes_possibles(user, subvention):
    """The steps this user may take on this grant now (the buttons the grant page shows)."""
    return [
        e for e in ETAPES.values() if subvention.statut in e.depuis and e.autorise(user, subvention)
    ]
