from django.contrib import admin

from .models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire


@admin.register(Rubrique, LigneBudgetaire)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["nom", "nom_en", "code", "ordre", "actif"]
    list_editable = ["ordre", "actif"]
    search_fields = ["nom", "nom_en", "code"]


@admin.register(StatutImmigration)
class StatutAdmin(ReferenceAdmin):
    list_display = ["nom", "nom_en", "sigle", "sigle_en", "code", "ordre", "actif"]


@admin.register(Territoire)
class TerritoireAdmin(ReferenceAdmin):
    list_display = ["nom", "type", "code", "actif"]
    list_editable = ["actif"]
    list_filter = ["type"]
