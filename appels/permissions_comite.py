"""Who may score, declare a conflict and deliberate: the selection committee's rules.

An évaluateur sees a call only through its assignment (appels.selectors.comite: any other call or
application is not found); the rules below say why a step is refused on what it does see.
"""

import rules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptes.permissions import a_le_role_evaluateur
from noyau.regles import Condition, regle

from .models import AppelDeProjets, Conflit, Evaluateur, Evaluation
from .permissions import ROLE, gere_les_appels

E = AppelDeProjets.Etat


def en_evaluation(appel) -> bool:
    """Scoring and deliberating: once the call has closed, until it is decided."""
    return appel.etat == E.PUBLIE and appel.est_ferme


def raison_hors_evaluation(user, obj, contexte):
    appel = getattr(obj, "appel", obj)
    if appel.etat == E.DECIDE:
        return gettext("L'appel est décidé : les évaluations et le classement ne changent plus.")
    return gettext(
        "L'appel n'est pas encore fermé (état : %(etat)s) : le comité travaille après la "
        "clôture, sur les demandes recevables."
    ) % {"etat": appel.get_etat_effectif_display()}


@rules.predicate
def demande_en_evaluation(user, demande):
    return demande is not None and en_evaluation(demande.appel)


@rules.predicate
def appel_en_evaluation(user, appel):
    return appel is not None and en_evaluation(appel)


@rules.predicate
def appel_de_la_demande_pas_decide(user, demande):
    return demande is not None and demande.appel.etat != E.DECIDE


@rules.predicate
def siege_au_comite(user, demande):
    return (
        demande is not None
        and Evaluateur.objects.filter(appel_id=demande.appel_id, user_id=user.pk).exists()
    )


@rules.predicate
def sans_conflit(user, demande):
    return not Conflit.objects.filter(
        demande=demande, evaluateur_id=user.pk, a_conflit=True
    ).exists()


@rules.predicate
def absence_de_conflit_declaree(user, demande):
    return Conflit.objects.filter(demande=demande, evaluateur_id=user.pk, a_conflit=False).exists()


@rules.predicate
def pas_encore_declare(user, demande):
    return not Conflit.objects.filter(demande=demande, evaluateur_id=user.pk).exists()


@rules.predicate
def evaluation_soumise(user, demande):
    return Evaluation.objects.filter(
        demande=demande, evaluateur_id=user.pk, soumise_le__isnull=False
    ).exists()


EN_EVALUATION = Condition(demande_en_evaluation, raison_hors_evaluation, etat=True)
COMITE = Condition(siege_au_comite, _("Vous ne faites pas partie du comité de cet appel."))
SANS_CONFLIT = Condition(
    sans_conflit,
    _("Vous avez déclaré un conflit d'intérêts pour cette demande : vous ne l'évaluez pas."),
)

rules.add_perm("appels.voir_evaluations", a_le_role_evaluateur)
regle(
    "appels.declarer_conflit",
    Condition(
        appel_de_la_demande_pas_decide,
        _("L'appel est décidé : les déclarations ne changent plus."),
        etat=True,
    ),
    Condition(
        pas_encore_declare,
        _(
            "Votre déclaration pour cette demande est déjà enregistrée; pour la corriger, "
            "écrivez à l'agent responsable de l'appel."
        ),
        etat=True,
    ),
    COMITE,
)
regle(
    "appels.evaluer",
    EN_EVALUATION,
    Condition(
        ~evaluation_soumise,
        _("Votre évaluation de cette demande est soumise : elle ne change plus."),
        etat=True,
    ),
    COMITE,
    SANS_CONFLIT,
    Condition(
        absence_de_conflit_declaree,
        _("Déclarez d'abord l'absence de conflit d'intérêts pour cette demande."),
        etat=True,
    ),
)
# Each évaluateur scores on its own reading: the others' scores would anchor it.
regle(
    "appels.voir_notes_des_autres",
    Condition(
        gere_les_appels | evaluation_soumise,
        _(
            "Les notes des autres évaluateurs restent cachées tant que vous n'avez pas soumis "
            "votre propre évaluation de cette demande."
        ),
    ),
)
regle(
    "appels.deliberer",
    Condition(appel_en_evaluation, raison_hors_evaluation, etat=True),
    ROLE,
)
regle(
    "appels.relancer",
    Condition(appel_en_evaluation, raison_hors_evaluation, etat=True),
    ROLE,
)
