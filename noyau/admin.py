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
