"""Programmes, their envelopes and the services catalogue, for administrators (see comptes.admin).

SimpleHistoryAdmin adds the "Historique" button: envelope amounts are money, so every change
stays visible with its author.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enveloppe, Programme, ServiceIntegration


class EnveloppeInline(admin.TabularInline):
    model = Enveloppe
    extra = 1
    fields = ["exercice", "montant"]
    ordering = ["exercice"]
    # Envelopes carry money and grants are checked against them: correct the amount, never
    # delete the row (the PROTECT foreign keys of dérogations would refuse it anyway).
    can_delete = False


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "code", "source_financement", "actif"]
    list_filter = ["source_financement", "actif"]
    search_fields = ["nom", "code"]
    prepopulated_fields = {"code": ["nom"]}
    inlines = [EnveloppeInline]


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
