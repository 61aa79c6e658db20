"""Administrators attach partner accounts to their organisation here (Membre). Organisations
themselves are edited by program officers in the application, where edits are versioned and
validated: the admin only lists them, for searching."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from noyau.admin import LectureSeuleAdmin

from .models import Membre, Organisme


@admin.register(Organisme)
class OrganismeAdmin(LectureSeuleAdmin):
    list_display = ["nom_legal", "nom_usage", "neq", "arrondissement", "actif"]
    search_fields = ["nom_legal", "nom_usage", "neq"]
    list_filter = ["actif", "arrondissement"]


@admin.register(Membre)
class MembreAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisme"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "organisme__nom_legal",
    ]
    autocomplete_fields = ["user", "organisme"]
    list_select_related = ["user", "organisme"]
