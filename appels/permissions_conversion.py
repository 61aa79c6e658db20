"""Who may turn a call's decisions into grants and letters, and who may read a letter.

One action (appels.services.conversion.appel_convertir) turns each retained application into a
grant in "recommandée", sends each non-retained organisation its letter and marks the call
decided. It is asked once the committee has decided every admissible application: a decision
that a grant or a letter already carried out must not change afterwards, and a decided call's
deliberation is frozen (appels.deliberer).
"""

import rules
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from noyau.regles import Condition, regle
from organismes.permissions import est_partenaire

from .models import AppelDeProjets, Demande, Recommandation
from .permissions import ROLE, est_demande_de_son_organisme, gere_les_appels
from .permissions_verification import ORGANISME_VERIFIE
from .selectors.comite import montant_recommande_de

D = Demande.Etat


def retenues_a_convertir(appel):
    """The retained applications of `appel` that have no grant yet."""
    return appel.demandes.filter(etat=D.RETENUE, subvention__isnull=True)


def lettres_a_envoyer(appel):
    """The decisions "non retenu" of `appel` whose organisation has not had its letter yet."""
    return Recommandation.objects.filter(
        demande__appel=appel,
        decision=Recommandation.Decision.NON_RETENUE,
        lettre_envoyee_le__isnull=True,
    )


def sans_montant(appel) -> list:
    demandes = retenues_a_convertir(appel).select_related("recommandation")
    return [d for d in demandes if not montant_recommande_de(d) > 0]


@rules.predicate
def appel_ferme(user, appel):
    return appel is not None and appel.est_ferme


def raison_pas_ferme(user, appel, contexte):
    return gettext(
        "L'appel n'est pas encore fermé (état : %(etat)s) : les subventions se créent après "
        "la délibération du comité."
    ) % {"etat": appel.get_etat_effectif_display()}


@rules.predicate
def tout_est_decide(user, appel):
    return not appel.demandes.filter(etat=D.RECEVABLE).exists()


def raison_indecises(user, appel, contexte):
    n = appel.demandes.filter(etat=D.RECEVABLE).count()
    return ngettext(
        "%(n)s demande recevable attend encore la décision du comité (retenu, liste d'attente "
        "ou non retenu) : décidez-la d'abord dans le classement.",
        "%(n)s demandes recevables attendent encore la décision du comité (retenu, liste "
        "d'attente ou non retenu) : décidez-les d'abord dans le classement.",
        n,
    ) % {"n": n}


@rules.predicate
def montants_recommandes(user, appel):
    return not sans_montant(appel)


def raison_sans_montant(user, appel, contexte):
    demandes = sans_montant(appel)
    return ngettext(
        "Cette demande retenue n'a pas de montant recommandé : %(demandes)s.",
        "Ces demandes retenues n'ont pas de montant recommandé : %(demandes)s.",
        len(demandes),
    ) % {"demandes": "; ".join(f"« {d} »" for d in demandes)}


@rules.predicate
def reste_a_faire(user, appel):
    return retenues_a_convertir(appel).exists() or lettres_a_envoyer(appel).exists()


regle(
    "appels.convertir",
    Condition(appel_ferme, raison_pas_ferme, etat=True),
    Condition(tout_est_decide, raison_indecises, etat=True),
    Condition(
        reste_a_faire,
        _(
            "Rien à faire : chaque demande retenue a déjà sa subvention et chaque organisme non "
            "retenu a reçu sa lettre."
        ),
        etat=True,
    ),
    Condition(montants_recommandes, raison_sans_montant, etat=True),
    ROLE,
)


# --- A waitlisted application retained once the call is decided --------------------------------
@rules.predicate
def en_liste_d_attente(user, demande):
    return demande is not None and demande.etat == D.LISTE_ATTENTE


def raison_pas_en_attente(user, demande, contexte):
    return gettext("Cette demande n'est pas en liste d'attente (état : %(etat)s).") % {
        "etat": demande.get_etat_display()
    }


@rules.predicate
def appel_decide(user, demande):
    return demande.appel.etat == AppelDeProjets.Etat.DECIDE


# The waitlist's use: a retained organisation withdraws, money comes back, and the next
# application becomes a grant. Before the call is decided, the ranking takes that decision.
regle(
    "appels.retenir_de_la_liste",
    Condition(en_liste_d_attente, raison_pas_en_attente, etat=True),
    Condition(
        appel_decide,
        _(
            "L'appel n'est pas encore décidé : la décision sur cette demande se prend dans le "
            "classement."
        ),
        etat=True,
    ),
    ORGANISME_VERIFIE,
    ROLE,
)


# --- The letter to a non-retained organisation ------------------------------------------------
@rules.predicate
def lettre_envoyee(user, demande):
    recommandation = getattr(demande, "recommandation", None)
    return (
        demande is not None
        and demande.etat == D.NON_RETENUE
        and recommandation is not None
        and recommandation.lettre_envoyee_le is not None
    )


regle(
    "appels.telecharger_lettre",
    Condition(
        lettre_envoyee,
        _(
            "Aucune lettre pour cette demande : elle s'écrit pour une demande non retenue, une "
            "fois la décision communiquée à l'organisme."
        ),
        etat=True,
    ),
    Condition(
        gere_les_appels | (est_partenaire & est_demande_de_son_organisme),
        _("Cette demande n'est pas celle de votre organisme."),
    ),
)


# --- What an organisation reads of the committee's decision ------------------------------------
@rules.predicate
def decision_communiquee(user, demande):
    return demande.decision_communiquee


# Staff read the committee's decision at once; the organisation once the call is decided.
rules.add_perm("appels.voir_decision", gere_les_appels | decision_communiquee)
