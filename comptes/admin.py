from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from noyau.admin import LectureSeuleAdmin
from noyau.permissions import verdict

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
    status; every change of roles is journaled (ChangementRole).

    An account holding a right the administrator does not hold (a business role, superuser
    status) is read-only for it (rule `comptes.administrer_compte`): no password, role, status,
    details or deletion, on its page, the password page and the bulk deletion alike."""

    def verdict_compte(self, request, obj):
        """The rule's answer for `obj`, asked once per request and account (the admin asks
        has_change_permission several times per page)."""
        verdicts = request.__dict__.setdefault("_verdicts_comptes", {})
        if obj.pk not in verdicts:
            verdicts[obj.pk] = verdict(request.user, "comptes.administrer_compte", obj)
        return verdicts[obj.pk]

    def has_change_permission(self, request, obj=None):
        permis = super().has_change_permission(request, obj)
        return permis and (obj is None or bool(self.verdict_compte(request, obj)))

    def has_delete_permission(self, request, obj=None):
        permis = super().has_delete_permission(request, obj)
        return permis and (obj is None or bool(self.verdict_compte(request, obj)))

    def exiger(self, request, object_id):
        """Refuses (403 with the rule's reason) when the account is stronger than the asker."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None:
            self.verdict_compte(request, obj).exiger()
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and request.method == "POST":
            self.exiger(request, object_id)
        elif object_id:
            obj = self.get_object(request, unquote(object_id))
            refus = self.verdict_compte(request, obj) if obj is not None else None
            if refus is not None and not refus:
                # The page opens read-only; it says why rather than just hiding the buttons.
                messages.warning(request, refus.raison)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.exiger(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # The bulk deletion (action "delete_selected") comes here with every account it would
        # delete: the first stronger one refuses it all, with its reason.
        for obj in objs:
            self.verdict_compte(request, obj).exiger()
        return super().get_deleted_objects(objs, request)

    def user_change_password(self, request, id, form_url=""):
        self.exiger(request, id)
        return super().user_change_password(request, id, form_url)

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


class RoleAdmin(LectureSeuleAdmin):
    """Roles are the four groups seeded by a migration (comptes.roles.Role reads them by name):
    renamed, deleted, re-created or given Django permissions here, they would change every
    member's powers with no line in the roles journal. Listed, with their members, for reading."""

    list_display = ("name", "membres")

    @admin.display(description=_("membres"))
    def membres(self, obj):
        return obj.user_set.count()


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)


@admin.register(ChangementRole)
class ChangementRoleAdmin(LectureSeuleAdmin):
    list_display = ("le", "utilisateur", "role", "ajoute", "par")
    list_filter = ("role", "ajoute")
