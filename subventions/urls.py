from django.urls import include, path

from .views import listes, subvention

app_name = "subventions"
urlpatterns = [
    path("", listes.SubventionListeView.as_view(), name="liste"),
    path("<int:pk>/", subvention.SubventionDetailView.as_view(), name="detail"),
    # Programmes, envelopes and the integration services catalogue.
    path("", include("subventions.urls_catalogue")),
]
