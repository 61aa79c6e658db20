"""Programmes, for administrators (see comptes.admin), with their envelopes shown read-only.

An envelope is a budget decision: a manager sets it on the programme's page
(`subventions:enveloppe_fixer`, rule `subventions.fixer_enveloppe`, with a reason kept in the
history). The admin lists it and never writes it, whoever asks (noyau.admin).

SimpleHistoryAdmin adds the "Historique" button: every change stays visible with its author.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from noyau.admin import ArgentLectureSeuleInline

from .models import Enveloppe, Programme


class EnveloppeInline(ArgentLectureSeuleInline):
    model = Enveloppe
    fields = ["exercice", "montant"]
    ordering = ["exercice"]
    verbose_name_plural = _(
        "Enveloppes budgétaires (un gestionnaire les fixe sur la page du programme, avec un motif)"
    )


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "code", "source_financement", "actif"]
    list_filter = ["source_financement", "actif"]
    search_fields = ["nom", "code"]
    prepopulated_fields = {"code": ["nom"]}
    inlines = [EnveloppeInline]
