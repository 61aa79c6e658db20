from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

urlpatterns = [
    path("", views.AccueilView.as_view(), name="accueil"),
    path("sans-role/", views.SansRoleView.as_view(), name="sans_role"),
    path("roles/journal/", views.JournalRolesView.as_view(), name="journal_roles"),
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/changer/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/changer_mot_de_passe.html",
            success_url=reverse_lazy("mot_de_passe_change"),
        ),
        name="changer_mot_de_passe",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/mot_de_passe_change.html"
        ),
        name="mot_de_passe_change",
    ),
    path(
        "mot-de-passe/oublie/",
        views.ReinitialisationView.as_view(),
        name="reinitialisation",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/reinitialisation_envoyee.html"
        ),
        name="reinitialisation_envoyee",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reinitialisation_confirmer.html",
            success_url=reverse_lazy("reinitialisation_terminee"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reinitialisation_terminee.html"
        ),
        name="reinitialisation_terminee",
    ),
]
