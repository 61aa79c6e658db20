from django.urls import path

from .documents import vues

app_name = "rapports"
urlpatterns = [
    path(
        "subventions/<int:pk>/fiche.pdf",
        vues.FicheSubventionView.as_view(),
        name="fiche_subvention",
    ),
]
