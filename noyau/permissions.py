"""Permission checks that follow the roles only.

Django's User.has_perm answers True to every permission for a superuser; the business screens
must not turn an IT administrator into an approver or an editor, so views and templates ask the
django-rules permission set directly.
"""

import rules
from rules.contrib.views import PermissionRequiredMixin as _RulesPermissionRequiredMixin


def peut(user, permission, obj=None) -> bool:
    return bool(user and user.is_active and rules.has_perm(permission, user, obj))


class PermissionRequiredMixin(_RulesPermissionRequiredMixin):
    def has_permission(self):
        obj = self.get_permission_object()
        return all(peut(self.request.user, p, obj) for p in self.get_permission_required())
