from django.urls import path

from . import views

app_name = "portail"
urlpatterns = [
    path("", views.PortailAccueilView.as_view(), name="accueil"),
    path("profil/", views.ProfilView.as_view(), name="profil"),
    path("profil/modifier/", views.ProfilModifierView.as_view(), name="profil_modifier"),
    path(
        "profil/contacts/ajouter/", views.ProfilContactAjouterView.as_view(), name="contact_ajouter"
    ),
    path(
        "profil/contacts/<int:cpk>/modifier/",
        views.ProfilContactModifierView.as_view(),
        name="contact_modifier",
    ),
    path(
        "profil/contacts/<int:cpk>/supprimer/",
        views.ProfilContactSupprimerView.as_view(),
        name="contact_supprimer",
    ),
    path(
        "profil/documents/ajouter/",
        views.ProfilDocumentAjouterView.as_view(),
        name="document_ajouter",
    ),
    path(
        "profil/documents/<int:dpk>/remplacer/",
        views.ProfilDocumentRemplacerView.as_view(),
        name="document_remplacer",
    ),
]
