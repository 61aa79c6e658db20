from django.contrib import admin


class LectureSeuleAdmin(admin.ModelAdmin):
    """Listed for searching only: the rows are written by the application's services (versioned,
    validated, journaled), never by hand in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArgentLectureSeuleInline(admin.TabularInline):
    """Money shown in the admin for reference, never written there (not even by a superuser):
    envelopes, amounts, répartitions and instalments change only through the managers' screens,
    which ask the rule, take a reason and keep it in the history (domain.md, "Roles")."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
