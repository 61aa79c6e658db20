from django.urls import path  # noqa: F401

from .donnees_ouvertes import views as donnees_ouvertes

app_name = "echanges"
urlpatterns = []
urlpatterns += [
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
