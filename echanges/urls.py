from django.urls import path

from .donnees_ouvertes import views as donnees_ouvertes
from .importation import views as vues_import

app_name = "echanges"
urlpatterns = [
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
    path(
        "donnees-ouvertes/", donnees_ouvertes.DonneesOuvertesView.as_view(), name="donnees_ouvertes"
    ),
    path(
        "donnees-ouvertes/<slug:programme>/<int:exercice>/<str:fichier>",
        donnees_ouvertes.TelechargementView.as_view(),
        name="donnees_ouvertes_fichier",
    ),
    path(
        "donnees-ouvertes/publiques/<slug:programme>/<int:exercice>/<str:fichier>",
        donnees_ouvertes.TelechargementPublicView.as_view(),
        name="donnees_ouvertes_publiques",
    ),
]
