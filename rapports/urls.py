from django.urls import path

from . import views
from .documents import vues

app_name = "rapports"
urlpatterns = [
    path("", views.TableauDeBordView.as_view(), name="tableau_de_bord"),
    path("sommaire.xlsx", views.SommaireView.as_view(), name="sommaire"),
    path(
        "programmes/<int:pk>/rapport-annuel.pdf",
        views.RapportAnnuelView.as_view(),
        name="rapport_annuel",
    ),
    path(
        "subventions/<int:pk>/fiche.pdf",
        vues.FicheSubventionView.as_view(),
        name="fiche_subvention",
    ),
    path(
        "subventions/<int:pk>/convention.pdf",
        vues.ConventionSubventionView.as_view(),
        name="convention_subvention",
    ),
    path(
        "organismes/<int:pk>/releve.pdf",
        vues.ReleveOrganismeView.as_view(),
        name="releve_organisme",
    ),
    path(
        "echeancier-versements/",
        vues.EcheancierVersementsView.as_view(),
        name="echeancier_versements",
    ),
    path("etat-reddition/", vues.EtatRedditionView.as_view(), name="etat_reddition"),
]
