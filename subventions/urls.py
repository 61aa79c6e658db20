from django.urls import path

from .views import edition, listes, programmes, subvention

app_name = "subventions"
urlpatterns = [
    path("", listes.SubventionListeView.as_view(), name="liste"),
    path("nouvelle/", edition.SubventionCreerView.as_view(), name="creer"),
    path("<int:pk>/", subvention.SubventionDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", edition.SubventionModifierView.as_view(), name="modifier"),
    # Steps that ask for more than a comment have their own page (before the generic one).
    path(
        "<int:pk>/etape/approuver/",
        subvention.SubventionApprouverView.as_view(),
        name="approuver",
    ),
    path(
        "<int:pk>/etape/<slug:action>/",
        subvention.SubventionTransitionView.as_view(),
        name="transition",
    ),
    path("<int:pk>/historique/", subvention.SubventionHistoriqueView.as_view(), name="historique"),
    path("programmes/", programmes.ProgrammeListeView.as_view(), name="programme_liste"),
    path("programmes/<int:pk>/", programmes.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        "programmes/<int:pk>/enveloppe/",
        programmes.EnveloppeFixerView.as_view(),
        name="enveloppe_fixer",
    ),
]
