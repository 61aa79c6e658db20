from django.urls import path

from .views import catalogue

urlpatterns = [
    path("programmes/", catalogue.ProgrammeListeView.as_view(), name="programme_liste"),
    path("programmes/<int:pk>/", catalogue.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("services/", catalogue.ServiceListeView.as_view(), name="service_liste"),
    path("services/nouveau/", catalogue.ServiceCreerView.as_view(), name="service_creer"),
    path("services/<int:pk>/", catalogue.ServiceDetailView.as_view(), name="service_detail"),
    path(
        "services/<int:pk>/modifier/",
        catalogue.ServiceModifierView.as_view(),
        name="service_modifier",
    ),
]
