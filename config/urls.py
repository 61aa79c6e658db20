from django.contrib import admin
from django.urls import include, path

from noyau.views import sante
from organismes import urls as organismes_urls
from rapports.documents.vues import ProcesVerbalView
from reddition.views.travail import FileTravailView, SectionTravailView
from subventions.views.listes import OrganismeListeView
from versements.urls import avenants
from versements.views.signature import ConventionSignerView

pages_organismes = [
    path("", OrganismeListeView.as_view(), name="liste"),
    *organismes_urls.urlpatterns,
]

urlpatterns = [
    path("", include("comptes.urls")),
    # The staff home reads every app's selectors, so it lives after them (reddition/travail.py).
    path("travail/", FileTravailView.as_view(), name="file_travail"),
    path("travail/<slug:section>/", SectionTravailView.as_view(), name="file_travail_section"),
    path("sante/", sante, name="sante"),
    path("langue/", include("django.conf.urls.i18n")),
    # The organisations list shows each one's grants: its page is chosen here, where both apps
    # are known, and keeps its name (organismes:liste) among the organisation's pages.
    path("organismes/", include((pages_organismes, organismes_urls.app_name))),
    # An organisation not yet known registers itself (public pages, organismes.inscription).
    path("inscription/", include("organismes.urls_inscription")),
    # Signing the agreement also keeps the agreement and creates the schedule (versements, which
    # runs what later apps add): its page is routed here, before the grants' generic step page,
    # under a name that the lifecycle table (subventions.cycle) asks without importing versements.
    path(
        "subventions/<int:pk>/etape/signer/",
        ConventionSignerView.as_view(),
        name="signer_convention",
    ),
    path("subventions/", include("subventions.urls")),
    # The services catalogue kept its /subventions/services/ paths when it became its own app.
    path("subventions/", include("catalogue.urls")),
    path("", include("versements.urls")),
    # Amendments are grant pages, served by the app that adjusts the schedule with them.
    path("subventions/", include(avenants)),
    # The committee's minutes are a document (rapports, which reads the calls' selectors), served
    # among the call's staff pages beside the ranking's workbook.
    path(
        "appels/gestion/<int:pk>/proces-verbal.pdf",
        ProcesVerbalView.as_view(),
        name="proces_verbal_appel",
    ),
    path("appels/", include("appels.urls")),
    path("reddition/", include("reddition.urls")),
    path("rapports/", include("rapports.urls")),
    path("echanges/", include("echanges.urls")),
    path("repertoire/", include("echanges.urls_repertoire")),
    path("portail/", include("portail.urls")),
    path("admin/", admin.site.urls),
]
