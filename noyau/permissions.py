"""Permission checks that follow the roles only.

Django's User.has_perm answers True to every permission for a superuser; the business screens
must not turn an IT administrator into an approver or an editor, so views and templates ask the
django-rules permission set directly.
"""

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin as _RulesPermissionRequiredMixin

from .regles import REGLES, Verdict


def peut(user, permission, obj=None) -> bool:
    return bool(user and user.is_active and rules.has_perm(permission, user, obj))


def verdict(user, permission, obj=None) -> Verdict:
    """`peut` with its reason: the permission's Regle (noyau.regles) says why it says no."""
    return REGLES[permission].verdict(user, obj)


def autorises(user, permission, queryset):
    """The rows of `queryset` on which `permission` says yes to `user`: the same rule as the
    action, on a QuerySet (a work-queue section lists exactly what its action would accept)."""
    return REGLES[permission].filtrer(queryset, user)


class PermissionRequiredMixin(_RulesPermissionRequiredMixin):
    def has_permission(self):
        obj = self.get_permission_object()
        return all(peut(self.request.user, p, obj) for p in self.get_permission_required())

    def get_permission_denied_message(self):
        """The 403 page's words: the reason of the first refused permission that carries one
        (a Regle), asked of the same object."""
        user = self.request.user
        if not user.is_authenticated:
            return ""
        obj = self.get_permission_object()
        for permission in self.get_permission_required():
            if permission in REGLES:
                refus = REGLES[permission].verdict(user, obj)
                if not refus:
                    return refus.raison
        return super().get_permission_denied_message()


class ObjetVisibleMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages of one object (`pk` in the URL), taken only from a selector scoped to the user.

    Anonymous visitors go to the login page first (the scoped selector would otherwise turn
    them into a 404); another organisation's id is then a 404, never the object, and the
    permission is checked against the object found (403).
    """

    def objets_visibles(self):
        raise NotImplementedError

    def get_objet(self):
        if not hasattr(self, "_objet"):
            self._objet = get_object_or_404(self.objets_visibles(), pk=self.kwargs["pk"])
        return self._objet

    def get_permission_object(self):
        return self.get_objet()
