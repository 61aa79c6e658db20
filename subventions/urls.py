from django.urls import path

from . import views

app_name = "subventions"
urlpatterns = [
    path("", views.SubventionListeView.as_view(), name="liste"),
    path("<int:pk>/", views.SubventionDetailView.as_view(), name="detail"),
    path("programmes/", views.ProgrammeListeView.as_view(), name="programme_liste"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("services/", views.ServiceListeView.as_view(), name="service_liste"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
]
