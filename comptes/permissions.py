"""Role predicates (django-rules) shared by every app's permissions.

Roles only: whether a partner user is tied to an organisation is asked in
`organismes.permissions.est_partenaire`, since accounts come before organisations.
"""

import rules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from noyau.regles import Condition, regle

from .models import ChangementRole
from .roles import Role, a_role, est_personnel
from .services import roles_de_compte


@rules.predicate
def est_agent(user):
    return a_role(user, Role.AGENT)


@rules.predicate
def est_gestionnaire(user):
    return a_role(user, Role.GESTIONNAIRE)


@rules.predicate
def est_administrateur(user):
    return a_role(user, Role.ADMINISTRATEUR)


@rules.predicate
def a_le_role_partenaire(user):
    return a_role(user, Role.PARTENAIRE)


@rules.predicate
def a_le_role_evaluateur(user):
    return a_role(user, Role.EVALUATEUR)


@rules.predicate
def est_du_personnel(user):
    return est_personnel(user)


rules.add_perm("comptes.voir_journal_roles", est_gestionnaire | est_administrateur)
rules.add_perm("comptes.administrer", est_administrateur)


# --- Accounts in the admin -------------------------------------------------------------------
def droits_de(compte) -> set[str]:
    """What an account holds, as the roles journal names it: its business roles and the
    superuser flag (which carries the administrator role, comptes.roles.roles_de)."""
    droits = roles_de_compte(compte)
    if compte.is_superuser:
        droits.add(Role.ADMINISTRATEUR)
    return droits


def droits_en_plus(user, compte) -> set[str]:
    """What `compte` holds that `user` does not (empty: `user` may manage it)."""
    return droits_de(compte) - droits_de(user)


@rules.predicate
def ne_detient_rien_de_plus(user, compte):
    return compte is not None and not droits_en_plus(user, compte)


def nom_du_droit(droit) -> str:
    if droit == ChangementRole.SUPERUTILISATEUR:
        return str(_("superutilisateur"))
    return str(Role(droit).label) if droit in Role.values else droit


def raison_droits_en_plus(user, compte, contexte):
    noms = ", ".join(sorted(nom_du_droit(d) for d in droits_en_plus(user, compte)))
    return gettext(
        "Ce compte détient des droits que vous n'avez pas (%(droits)s) : vous ne pouvez changer "
        "ni son mot de passe, ni ses rôles, ni son statut, ni ses coordonnées, ni le supprimer. "
        "Un administrateur qui détient ces droits peut le faire, ou la personne elle-même pour "
        "son mot de passe (« Mot de passe oublié »)."
    ) % {"droits": noms}


# An administrator manages accounts, never one with more rights than its own (domain.md,
# "Roles"): taking over a manager's or a superuser's account (its password, its e-mail, then
# "mot de passe oublié") would be a way to money and to roles it may not give itself.
regle(
    "comptes.administrer_compte",
    Condition(est_administrateur, _("Seul un administrateur gère les comptes.")),
    Condition(ne_detient_rien_de_plus, raison_droits_en_plus),
)
