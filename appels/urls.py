from django.urls import path

from .views import comite, conversion, demandes, gestion, public, tableau

app_name = "appels"
urlpatterns = [
    path("", public.AppelPublicListeView.as_view(), name="liste"),
    path("<int:pk>/", public.AppelPublicDetailView.as_view(), name="detail"),
    path("<int:pk>/guide/", public.GuideView.as_view(), name="guide"),
    path("gestion/", gestion.AppelListeView.as_view(), name="gestion_liste"),
    path("gestion/nouveau/", gestion.AppelCreerView.as_view(), name="creer"),
    path("gestion/<int:pk>/", gestion.AppelDetailView.as_view(), name="gestion_detail"),
    path("gestion/<int:pk>/tableau/", tableau.TableauAppelView.as_view(), name="tableau"),
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
    # Applications: the partner's (its own organisation's), then the staff's.
    path("<int:pk>/deposer/", demandes.DeposerView.as_view(), name="deposer"),
    path("demandes/<int:pk>/", demandes.DemandeDetailView.as_view(), name="demande"),
    path(
        "demandes/<int:pk>/modifier/",
        demandes.DemandeModifierView.as_view(),
        name="demande_modifier",
    ),
    path(
        "demandes/<int:pk>/soumettre/",
        demandes.DemandeSoumettreView.as_view(),
        name="demande_soumettre",
    ),
    path(
        "demandes/<int:pk>/retirer/", demandes.DemandeRetirerView.as_view(), name="demande_retirer"
    ),
    path("demandes/<int:pk>/recu/", demandes.RecuView.as_view(), name="demande_recu"),
    path("demandes/<int:pk>/pieces/<int:ppk>/", demandes.PieceView.as_view(), name="demande_piece"),
    path(
        "gestion/<int:pk>/demandes/", demandes.DemandesAppelView.as_view(), name="gestion_demandes"
    ),
    path(
        "gestion/demandes/<int:pk>/recevabilite/",
        demandes.RecevabiliteView.as_view(),
        name="demande_recevabilite",
    ),
    path(
        "gestion/demandes/<int:pk>/retenir/",
        conversion.RetenirDeLaListeView.as_view(),
        name="retenir_de_la_liste",
    ),
    path(
        "gestion/demandes/<int:pk>/prolonger/",
        demandes.ProlongerView.as_view(),
        name="demande_prolonger",
    ),
    # The selection committee: the évaluateurs' pages, then the staff's progress and ranking.
    path("evaluation/", comite.EvaluationAccueilView.as_view(), name="evaluation_accueil"),
    path("evaluation/<int:pk>/", comite.EvaluationAppelView.as_view(), name="evaluation_appel"),
    path(
        "evaluation/demandes/<int:pk>/",
        comite.EvaluationDemandeView.as_view(),
        name="evaluation_demande",
    ),
    path(
        "evaluation/demandes/<int:pk>/conflit/",
        comite.ConflitDeclarerView.as_view(),
        name="evaluation_conflit",
    ),
    path(
        "gestion/<int:pk>/evaluateurs/<int:epk>/relancer/",
        comite.RelancerView.as_view(),
        name="evaluateur_relancer",
    ),
    path("gestion/<int:pk>/classement/", comite.ClassementView.as_view(), name="classement"),
    path(
        "gestion/<int:pk>/classement.xlsx",
        comite.ClassementExportView.as_view(),
        name="classement_export",
    ),
    path(
        "gestion/<int:pk>/classement/<int:dpk>/decider/",
        comite.DeciderView.as_view(),
        name="decider",
    ),
    # The call's last step: retained applications into grants, letters to the others.
    path(
        "gestion/<int:pk>/subventions/creer/",
        conversion.ConvertirView.as_view(),
        name="convertir",
    ),
    path("demandes/<int:pk>/lettre/", conversion.LettreView.as_view(), name="demande_lettre"),
]
