from django.urls import path

from . import views

app_name = "organismes"
urlpatterns = [
    # The list ("", "liste") shows each organisation's grants: config/urls.py adds it.
    path("nouveau/", views.OrganismeCreerView.as_view(), name="creer"),
    path("autocompletion/", views.OrganismeAutocompletionView.as_view(), name="autocompletion"),
    path("<int:pk>/", views.OrganismeDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.OrganismeModifierView.as_view(), name="modifier"),
    path("<int:pk>/verifier/", views.OrganismeVerifierView.as_view(), name="verifier"),
    path("<int:pk>/historique/", views.OrganismeHistoriqueView.as_view(), name="historique"),
    path("<int:pk>/contacts/ajouter/", views.ContactAjouterView.as_view(), name="contact_ajouter"),
    path(
        "<int:pk>/contacts/<int:cpk>/modifier/",
        views.ContactModifierView.as_view(),
        name="contact_modifier",
    ),
    path(
        "<int:pk>/contacts/<int:cpk>/supprimer/",
        views.ContactSupprimerView.as_view(),
        name="contact_supprimer",
    ),
    path(
        "<int:pk>/documents/ajouter/",
        views.DocumentTeleverserView.as_view(),
        name="document_ajouter",
    ),
    path(
        "<int:pk>/documents/<int:dpk>/",
        views.DocumentTelechargerView.as_view(),
        name="document",
    ),
]
