"""Who may do what with calls for projects and their applications.

Agents and managers run the calls; the public reads published ones; a partner drafts and submits
its own organisation's applications. The committee's rules are in `permissions_comite`, turning
decisions into grants in `permissions_conversion`, the organisation's verification in
`permissions_verification`. Each rule carries its reason (noyau.regles): the services ask
`.exiger()`, the views and buttons the same rule.
"""

from decimal import Decimal

import rules
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comptes.permissions import est_agent, est_gestionnaire
from noyau.regles import Condition, regle
from organismes.membres import organisme_id_de
from organismes.permissions import est_partenaire

from .heures import moment_en_mots
from .models import AppelDeProjets, Demande, EtatEffectif

E = AppelDeProjets.Etat

# Agents and managers run the calls (create, edit, publish, assign the committee).
gere_les_appels = est_agent | est_gestionnaire
RAISON_ROLE = _("Seuls les agents de programme et les gestionnaires gèrent les appels de projets.")


def demandes_deposees(appel) -> int:
    return Demande.objects.filter(appel=appel, etat__in=Demande.ETATS_DEPOSES).count()


@rules.predicate
def est_brouillon(user, appel):
    return appel is not None and appel.etat == E.BROUILLON


@rules.predicate
def aucune_demande_deposee(user, appel):
    return appel is not None and demandes_deposees(appel) == 0


@rules.predicate
def pas_decide(user, appel):
    return appel is not None and appel.etat != E.DECIDE


@rules.predicate
def pas_encore_ferme(user, appel):
    return appel is not None and not appel.est_ferme


def raison_grille_figee(user, appel, contexte):
    n = demandes_deposees(appel)
    return ngettext(
        "La grille est figée : %(n)s demande déposée a été préparée selon ces règles et sera "
        "évaluée selon cette grille; elle ne peut plus changer.",
        "La grille est figée : %(n)s demandes déposées ont été préparées selon ces règles et "
        "seront évaluées selon cette grille; elle ne peut plus changer.",
        n,
    ) % {"n": n}


def raison_ferme(user, appel, contexte):
    if appel.etat == E.DECIDE:
        return gettext("L'appel est décidé : ses paramètres ne changent plus.")
    return gettext("L'appel est fermé depuis sa clôture : ses paramètres ne changent plus.")


# --- What a call is missing before it may be published ----------------------------------------
def manques_pour_publier(appel) -> list[str]:
    """Every piece a call needs before the public sees it, each its own sentence (the page
    lists them all at once, the rule gives the first)."""
    manques = []
    criteres = list(appel.criteres.all()) if appel.pk else []
    if not criteres:
        manques.append(gettext("La grille d'évaluation n'a aucun critère."))
    else:
        total = sum((c.ponderation for c in criteres), Decimal(0))
        if total != 100:
            manques.append(
                gettext("Les pondérations de la grille totalisent %(total)s %% au lieu de 100 %%.")
                % {"total": f"{total.normalize():f}".replace(".", ",")}
            )
    if not (appel.description.strip() or appel.guide):
        manques.append(gettext("Il faut une description ou un guide de l'appel."))
    if appel.ouverture and appel.cloture and appel.ouverture >= appel.cloture:
        manques.append(gettext("La clôture doit suivre l'ouverture."))
    if appel.cloture and appel.cloture <= timezone.now():
        manques.append(gettext("La date de clôture est déjà passée."))
    return manques


def raison_deja_publie(user, appel, contexte):
    return gettext("Cet appel n'est plus un brouillon (état : %(etat)s).") % {
        "etat": appel.get_etat_effectif_display()
    }


@rules.predicate
def est_complet(user, appel):
    return appel is not None and not manques_pour_publier(appel)


def raison_incomplet(user, appel, contexte):
    return manques_pour_publier(appel)[0]


ROLE = Condition(gere_les_appels, RAISON_ROLE)

rules.add_perm("appels.voir_gestion", gere_les_appels)
rules.add_perm("appels.creer_appel", gere_les_appels)
regle(
    "appels.modifier_appel",
    Condition(pas_encore_ferme, raison_ferme, etat=True),
    ROLE,
)
# The grid, the eligibility rules and the required documents: what applicants prepared for and
# what the committee scores with. Frozen once an application is in, or the call closed.
regle(
    "appels.modifier_grille",
    Condition(pas_encore_ferme, raison_ferme, etat=True),
    Condition(aucune_demande_deposee, raison_grille_figee, etat=True),
    ROLE,
)
regle(
    "appels.publier",
    Condition(est_brouillon, raison_deja_publie, etat=True),
    Condition(est_complet, raison_incomplet, etat=True),
    ROLE,
)
regle(
    "appels.supprimer",
    Condition(
        est_brouillon,
        _("Seul un appel en brouillon peut être supprimé; un appel publié reste à l'historique."),
        etat=True,
    ),
    ROLE,
)
regle(
    "appels.gerer_evaluateurs",
    Condition(pas_decide, _("L'appel est décidé : son comité ne change plus."), etat=True),
    ROLE,
)


# --- Applications: the partner's draft and submission, the agent's screening -----------------
# A partner acts on its own organisation's application only; staff screen and extend. The
# deadline is the call's closing time, or the latest extension an agent recorded for that
# application (server clock: a late click is late, whatever the browser says).
@rules.predicate
def est_demande_de_son_organisme(user, demande):
    return demande is not None and organisme_id_de(user) == demande.organisme_id


def echeance_de(demande):
    """Until when the application may still be written and submitted."""
    prolongation = demande.prolongations.order_by("-jusqu_au").first()
    if prolongation and prolongation.jusqu_au > demande.appel.cloture:
        return prolongation.jusqu_au
    return demande.appel.cloture


@rules.predicate
def dans_les_delais(user, demande):
    appel = demande.appel
    maintenant = timezone.now()
    if appel.etat != E.PUBLIE or maintenant < appel.ouverture:
        return False
    return maintenant < echeance_de(demande)


def raison_delai(user, demande, contexte):
    appel = demande.appel
    if appel.etat == E.PUBLIE and timezone.now() < appel.ouverture:
        return gettext("L'appel n'est pas encore ouvert.")
    return gettext(
        "L'appel est fermé depuis le %(moment)s : la demande ne peut plus être déposée, sauf "
        "prolongation accordée par le BINAM."
    ) % {"moment": moment_en_mots(echeance_de(demande))}


@rules.predicate
def demande_en_brouillon(user, demande):
    return demande is not None and demande.etat == Demande.Etat.BROUILLON


@rules.predicate
def demande_soumise(user, demande):
    return demande is not None and demande.etat == Demande.Etat.SOUMISE


@rules.predicate
def demande_retirable(user, demande):
    return demande is not None and demande.etat in (Demande.Etat.SOUMISE, Demande.Etat.RECEVABLE)


@rules.predicate
def appel_ouvert(user, appel):
    return appel is not None and appel.etat_effectif == EtatEffectif.OUVERT


def raison_etat_demande(user, demande, contexte):
    return gettext("La demande est %(etat)s : elle ne peut plus être modifiée.") % {
        "etat": demande.get_etat_communique_display().lower()
    }


PARTENAIRE_DE_LA_DEMANDE = Condition(
    est_partenaire & est_demande_de_son_organisme,
    _("Seul un membre de l'organisme qui dépose la demande peut agir sur elle."),
)

regle(
    "appels.voir_demande",
    Condition(
        gere_les_appels | (est_partenaire & est_demande_de_son_organisme),
        _("Cette demande n'est pas celle de votre organisme."),
    ),
)
regle(
    "appels.deposer_demande",
    Condition(
        appel_ouvert,
        _("Cet appel n'est pas ouvert : on ne peut pas y déposer de demande."),
        etat=True,
    ),
    Condition(est_partenaire, _("Seul un organisme partenaire dépose une demande.")),
)
regle(
    "appels.modifier_demande",
    Condition(demande_en_brouillon, raison_etat_demande, etat=True),
    Condition(dans_les_delais, raison_delai, etat=True),
    PARTENAIRE_DE_LA_DEMANDE,
)
regle(
    "appels.soumettre_demande",
    Condition(demande_en_brouillon, raison_etat_demande, etat=True),
    Condition(dans_les_delais, raison_delai, etat=True),
    PARTENAIRE_DE_LA_DEMANDE,
)
regle(
    "appels.retirer_demande",
    Condition(
        demande_retirable,
        _("Seule une demande déposée et pas encore décidée peut être retirée."),
        etat=True,
    ),
    PARTENAIRE_DE_LA_DEMANDE,
)
regle(
    "appels.prolonger_demande",
    Condition(
        demande_en_brouillon,
        _("Seule une demande pas encore déposée peut recevoir une prolongation du délai."),
        etat=True,
    ),
    ROLE,
)
regle(
    "appels.juger_recevabilite",
    Condition(
        demande_soumise,
        _("Seule une demande soumise, pas encore jugée, peut être déclarée recevable ou non."),
        etat=True,
    ),
    ROLE,
)
