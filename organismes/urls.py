from django.urls import path

from . import views

app_name = "organismes"
urlpatterns = [
    path("", views.OrganismeListeView.as_view(), name="liste"),
    path("<int:pk>/", views.OrganismeDetailView.as_view(), name="detail"),
]
