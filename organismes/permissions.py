"""Who may do what with organisations (django-rules predicates).

Agents keep the organisation files (record, contacts, documents); managers and administrators
read them; a partner reads its own organisation only. Views fetch objects through the scoped
selectors first, so a foreign object is a 404 before these rules are even asked.
"""

import rules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptes.permissions import (
    a_le_role_partenaire,
    est_agent,
    est_du_personnel,
    est_gestionnaire,
)
from noyau.formats import date_longue, nom_complet
from noyau.regles import Condition, regle

from .membres import organisme_id_de


@rules.predicate
def est_membre_d_un_organisme(user):
    return organisme_id_de(user) is not None


# A partner account acts only once an administrator has tied it to its organisation.
est_partenaire = a_le_role_partenaire & est_membre_d_un_organisme


@rules.predicate
def est_son_organisme(user, organisme):
    return organisme is not None and organisme_id_de(user) == organisme.pk


@rules.predicate
def est_document_de_son_organisme(user, document):
    return document is not None and organisme_id_de(user) == document.organisme_id


rules.add_perm("organismes.voir_liste", est_du_personnel)
rules.add_perm("organismes.voir_organisme", est_du_personnel | (est_partenaire & est_son_organisme))
# Staff only: the history names the officers who made each change.
rules.add_perm("organismes.voir_historique", est_du_personnel)
rules.add_perm("organismes.creer_organisme", est_agent)
rules.add_perm("organismes.modifier_organisme", est_agent)
rules.add_perm("organismes.gerer_contacts", est_agent)
rules.add_perm("organismes.gerer_documents", est_agent)
rules.add_perm(
    "organismes.telecharger_document",
    est_du_personnel | (est_partenaire & est_document_de_son_organisme),
)
# The partner keeps its own profile up to date: contact details, mission, territories served,
# contacts and documents (organismes.services.CHAMPS_PROFIL says which fields). Staff screens
# stay the agents' (modifier_organisme, gerer_contacts, gerer_documents above).
rules.add_perm("organismes.modifier_profil", est_partenaire & est_son_organisme)


# --- Self-registered organisations (organismes.inscription) ----------------------------------
@rules.predicate
def est_a_verifier(user, organisme):
    return organisme is not None and organisme.verifie_le is None


def raison_deja_verifie(user, organisme, contexte):
    if organisme.verifie_par_id is None:
        return gettext("Cet organisme est déjà vérifié : il est connu du BINAM.")
    return gettext("Cet organisme a déjà été vérifié par %(qui)s le %(le)s.") % {
        "qui": nom_complet(organisme.verifie_par),
        "le": date_longue(organisme.verifie_le, "DATETIME_FORMAT"),
    }


# An agent checks the registered organisation (its NEQ against the enterprise register) before
# any of its applications may be retained (appels.permissions_verification).
regle(
    "organismes.verifier_organisme",
    Condition(est_a_verifier, raison_deja_verifie, etat=True),
    Condition(
        est_agent | est_gestionnaire,
        _("Seuls les agents de programme et les gestionnaires vérifient un organisme."),
    ),
    libelle=_("Vérifier l'organisme"),
)
