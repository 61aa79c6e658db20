from django.urls import path

from . import views

# Mounted under /subventions/ (config/urls.py): the paths predate the app, bookmarks still work.
app_name = "catalogue"
urlpatterns = [
    path("services/", views.ServiceListeView.as_view(), name="service_liste"),
    path("services/nouveau/", views.ServiceCreerView.as_view(), name="service_creer"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path(
        "services/<int:pk>/modifier/",
        views.ServiceModifierView.as_view(),
        name="service_modifier",
    ),
]
