"""The services catalogue, for administrators (see comptes.admin).

SimpleHistoryAdmin adds the "Historique" button: every change stays visible with its author.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ServiceIntegration


@admin.register(ServiceIntegration)
class ServiceIntegrationAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "organisme", "rubrique", "actif"]
    list_filter = ["rubrique", "actif", "statuts_vises"]
    search_fields = ["nom", "organisme__nom_legal", "organisme__nom_usage", "lieu"]
    list_select_related = ["organisme", "rubrique"]
    filter_horizontal = ["statuts_vises", "territoires"]

    def get_readonly_fields(self, request, obj=None):
        # Same rule as the application: a funded service stays with its organisation.
        if obj is not None and obj.financements.exists():
            return ["organisme"]
        return []
