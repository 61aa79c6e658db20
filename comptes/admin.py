from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from noyau.admin import LectureSeuleAdmin

from . import services
from .models import ChangementRole
from .roles import Role, a_role

# What gives business powers: nobody changes them on their own account, and only a superuser
# makes a superuser. Roles are groups; direct permissions are not used.
CHAMPS_POUVOIRS = ("groups", "is_superuser", "is_staff", "user_permissions", "is_active")


def admin_has_permission(request):
    """The admin is the administrators' tool only (not every `is_staff` user's)."""
    return request.user.is_active and a_role(request.user, Role.ADMINISTRATEUR)


admin.site.has_permission = admin_has_permission
admin.site.site_header = "Subventions BINAM — administration"
admin.site.site_title = "Subventions BINAM"


class CompteAdmin(UserAdmin):
    """Administrators manage accounts but cannot give themselves a business role or superuser
    status; every change of roles is journaled (ChangementRole)."""

    def get_readonly_fields(self, request, obj=None):
        figes = set(super().get_readonly_fields(request, obj)) | {"user_permissions"}
        if obj is not None and obj.pk == request.user.pk:
            figes |= set(CHAMPS_POUVOIRS)
        if not request.user.is_superuser:
            figes.add("is_superuser")
        return tuple(figes)

    def save_model(self, request, obj, form, change):
        # Kept on the request (the ModelAdmin instance is shared by every request).
        request._roles_avant = services.roles_de_compte(obj) if change and obj.pk else set()
        if change:
            # is_superuser is saved here, groups later: read the stored flag, not the form's.
            ancien = User.objects.filter(pk=obj.pk).values_list("is_superuser", flat=True).first()
            if ancien:
                request._roles_avant.add(ChangementRole.SUPERUTILISATEUR)
            else:
                request._roles_avant.discard(ChangementRole.SUPERUTILISATEUR)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.roles_journaliser(
            utilisateur=form.instance,
            avant=getattr(request, "_roles_avant", set()),
            apres=services.roles_de_compte(form.instance),
            par=request.user,
        )


admin.site.unregister(User)
admin.site.register(User, CompteAdmin)


@admin.register(ChangementRole)
class ChangementRoleAdmin(LectureSeuleAdmin):
    list_display = ("le", "utilisateur", "role", "ajoute", "par")
    list_filter = ("role", "ajoute")
