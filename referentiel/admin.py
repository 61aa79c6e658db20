from django.contrib import admin

from .models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire


@admin.register(Rubrique, StatutImmigration, LigneBudgetaire)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["nom", "code", "ordre", "actif"]
    list_editable = ["ordre", "actif"]
    search_fields = ["nom", "code"]


@admin.register(Territoire)
class TerritoireAdmin(ReferenceAdmin):
    list_display = ["nom", "type", "code", "actif"]
    list_editable = ["actif"]
    list_filter = ["type"]
