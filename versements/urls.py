from django.urls import path

from .views import echeancier, signature

app_name = "versements"
urlpatterns = [
    path(
        "versements/<int:pk>/<slug:action>/",
        echeancier.VersementActionView.as_view(),
        name="action",
    ),
    path(
        "subventions/<int:pk>/versements/modifier/",
        echeancier.EcheancierModifierView.as_view(),
        name="modifier_echeancier",
    ),
    path(
        "subventions/<int:pk>/convention/<int:cpk>/",
        signature.ConventionTelechargerView.as_view(),
        name="convention",
    ),
]
