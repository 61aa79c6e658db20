from django.urls import path

from . import views

app_name = "portail"
urlpatterns = [
    path("", views.PortailAccueilView.as_view(), name="accueil"),
]
