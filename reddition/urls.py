from django.urls import path

from .views import obligations, rapports

app_name = "reddition"
urlpatterns = [
    path("obligations/", obligations.ObligationListeView.as_view(), name="liste"),
    path("obligations/<int:pk>/", obligations.ObligationDetailView.as_view(), name="detail"),
    path("obligations/<int:pk>/rapport/", rapports.RapportView.as_view(), name="rapport"),
    path(
        "obligations/<int:pk>/rapport/versions/<int:numero>/",
        rapports.VersionView.as_view(),
        name="version",
    ),
    path(
        "obligations/<int:pk>/rapport/pieces/<int:piece>/",
        rapports.PieceTelechargerView.as_view(),
        name="piece",
    ),
    path(
        "obligations/<int:pk>/echeance/",
        obligations.ObligationEcheanceView.as_view(),
        name="echeance",
    ),
    path(
        "obligations/<int:pk>/retirer/",
        obligations.ObligationRetirerView.as_view(),
        name="retirer",
    ),
    path(
        "obligations/<int:pk>/<slug:action>/",
        obligations.ObligationActionView.as_view(),
        name="action",
    ),
    path(
        "subventions/<int:pk>/ajouter/",
        obligations.ObligationAjouterView.as_view(),
        name="ajouter",
    ),
]
