"""The public registration pages of an organisation not yet known (/inscription/)."""

from django.urls import path

from .views import inscription as views

app_name = "inscription"
urlpatterns = [
    path("", views.InscriptionView.as_view(), name="formulaire"),
    path("envoyee/", views.InscriptionEnvoyeeView.as_view(), name="envoyee"),
    path("activer/<uidb64>/<token>/", views.ActivationView.as_view(), name="activer"),
]
