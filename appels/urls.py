from django.urls import path

from .views import gestion, public

app_name = "appels"
urlpatterns = [
    path("", public.AppelPublicListeView.as_view(), name="liste"),
    path("<int:pk>/", public.AppelPublicDetailView.as_view(), name="detail"),
    path("<int:pk>/guide/", public.GuideView.as_view(), name="guide"),
    path("gestion/", gestion.AppelListeView.as_view(), name="gestion_liste"),
    path("gestion/nouveau/", gestion.AppelCreerView.as_view(), name="creer"),
    path("gestion/<int:pk>/", gestion.AppelDetailView.as_view(), name="gestion_detail"),
    path("gestion/<int:pk>/modifier/", gestion.AppelModifierView.as_view(), name="modifier"),
    path("gestion/<int:pk>/publier/", gestion.AppelPublierView.as_view(), name="publier"),
    path("gestion/<int:pk>/supprimer/", gestion.AppelSupprimerView.as_view(), name="supprimer"),
    path(
        "gestion/<int:pk>/evaluateurs/ajouter/",
        gestion.EvaluateurAjouterView.as_view(),
        name="evaluateur_ajouter",
    ),
    path(
        "gestion/<int:pk>/evaluateurs/<int:epk>/retirer/",
        gestion.EvaluateurRetirerView.as_view(),
        name="evaluateur_retirer",
    ),
]
