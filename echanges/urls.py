from django.urls import path  # noqa: F401

app_name = "echanges"
urlpatterns = []

from .importation import views as vues_import  # noqa: E402

urlpatterns += [
    path("importations/", vues_import.ImportationListeView.as_view(), name="importation_liste"),
    path(
        "importations/nouvelle/",
        vues_import.ImportationTeleverserView.as_view(),
        name="importation_televerser",
    ),
    path("importations/modele.xlsx", vues_import.ModeleView.as_view(), name="importation_modele"),
    path(
        "importations/<int:pk>/",
        vues_import.ImportationDetailView.as_view(),
        name="importation_detail",
    ),
    path(
        "importations/<int:pk>/confirmer/",
        vues_import.ImportationConfirmerView.as_view(),
        name="importation_confirmer",
    ),
    path(
        "importations/<int:pk>/erreurs.xlsx",
        vues_import.RapportErreursView.as_view(),
        name="importation_erreurs",
    ),
]
