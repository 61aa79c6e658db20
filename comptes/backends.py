"""Administrators (IT) manage users, roles and reference data through the Django admin.

They get the Django model permissions of those apps only; business steps (approving a grant,
paying) are never granted through this backend, so an administrator is not a gestionnaire.
"""

from django.contrib.auth.backends import BaseBackend

from .roles import Role, a_role

APPS_ADMINISTRES = {
    "auth",
    "referentiel",
    "axes",
    "organismes",
    "catalogue",
    "subventions",
    "comptes",
    # The reminders sent (RappelEnvoye), listed read-only for the administrators who answer
    # "did the reminder go?"; without it only a superuser could open them.
    "reddition",
}
ACTIONS_MODELE = ("add_", "change_", "delete_", "view_")


class AdministrateurBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if obj is not None or not a_role(user_obj, Role.ADMINISTRATEUR):
            return False
        app, _, codename = perm.partition(".")
        return app in APPS_ADMINISTRES and codename.startswith(ACTIONS_MODELE)

    def has_module_perms(self, user_obj, app_label):
        return a_role(user_obj, Role.ADMINISTRATEUR) and app_label in APPS_ADMINISTRES
