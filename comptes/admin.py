from django.contrib import admin

from .roles import Role, a_role


def admin_has_permission(request):
    """The admin is the administrators' tool only (not every `is_staff` user's)."""
    return request.user.is_active and a_role(request.user, Role.ADMINISTRATEUR)


admin.site.has_permission = admin_has_permission
admin.site.site_header = "Subventions BINAM — administration"
admin.site.site_title = "Subventions BINAM"
