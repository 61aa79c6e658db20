"""Programmes and their envelopes, for administrators (see comptes.admin).

SimpleHistoryAdmin adds the "Historique" button: envelope amounts are money, so every change
stays visible with its author.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enveloppe, Programme


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
