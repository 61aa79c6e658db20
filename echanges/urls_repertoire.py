"""The public directory of funded services: no login, mounted at /repertoire/."""

from django.urls import path

from .repertoire import views

app_name = "repertoire"
urlpatterns = [
    path("", views.RepertoireView.as_view(), name="services"),
    path("services.json", views.DonneesView.as_view(format="json"), name="services_json"),
    path("services.csv", views.DonneesView.as_view(format="csv"), name="services_csv"),
]
