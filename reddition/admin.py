from django.contrib import admin

from noyau.admin import LectureSeuleAdmin

from .models import RappelEnvoye


@admin.register(RappelEnvoye)
class RappelEnvoyeAdmin(LectureSeuleAdmin):
    list_display = ["envoye_le", "type", "obligation", "document", "destinataires"]
    list_filter = ["type"]
    search_fields = ["obligation__subvention__numero", "document__titre", "destinataires"]
    date_hierarchy = "envoye_le"
    list_select_related = ["obligation__subvention", "document"]
