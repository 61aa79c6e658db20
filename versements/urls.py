from django.urls import path

from .views import avenants as avenants_vues
from .views import echeancier, listes, modifications, signature

app_name = "versements"
urlpatterns = [
    path("versements/", listes.VersementListeView.as_view(), name="liste"),
    path("versements/lot/", listes.LotListeView.as_view(), name="lots"),
    path("versements/lot/<int:pk>/", listes.LotTelechargerView.as_view(), name="lot"),
    path(
        "versements/<int:pk>/<slug:action>/",
        echeancier.VersementActionView.as_view(),
        name="action",
    ),
    path(
        "subventions/<int:pk>/versements/modifier/",
        echeancier.EcheancierModifierView.as_view(),
        name="modifier_echeancier",
    ),
    path(
        "subventions/<int:pk>/versements/modifications/<int:mpk>/approuver/",
        modifications.ModificationDecisionView.as_view(decision="approuver"),
        name="modification_approuver",
    ),
    path(
        "subventions/<int:pk>/versements/modifications/<int:mpk>/refuser/",
        modifications.ModificationDecisionView.as_view(decision="refuser"),
        name="modification_refuser",
    ),
    path(
        "subventions/<int:pk>/versements/historique/",
        echeancier.EcheancierHistoriqueView.as_view(),
        name="historique",
    ),
    path(
        "subventions/<int:pk>/convention/<int:cpk>/",
        signature.ConventionTelechargerView.as_view(),
        name="convention",
    ),
]

# Amendments are pages of the grant (`avenants:creer`, under /subventions/ in config/urls.py),
# served here because the amendment adjusts the schedule.
avenants = (
    [
        path("<int:pk>/avenants/nouveau/", avenants_vues.AvenantCreerView.as_view(), name="creer"),
    ],
    "avenants",
)
