from django.urls import path

from . import views

app_name = "rapports"
urlpatterns = [
    path("", views.TableauDeBordView.as_view(), name="tableau_de_bord"),
    path("sommaire.xlsx", views.SommaireView.as_view(), name="sommaire"),
]
