"""The calls' services and the rules they ask: each refusal with its reason, the grid frozen
once an application is submitted, nothing written when refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from appels.models import AppelDeProjets, CritereEvaluation, Demande
from appels.services import appels as services
from noyau.permissions import peut, verdict
from tests.factories import (
    PDF_MINIMAL,
    AppelFactory,
    DemandeFactory,
    ProgrammeFactory,
    UserFactory,
    appel_complet,
)

pytestmark = pytest.mark.django_db

GRILLE = [
    {
        "libelle": "Pertinence",
        "guide": "",
        "note_maximale": Decimal(10),
        "ponderation": Decimal(60),
    },
    {"libelle": "Budget", "guide": "", "note_maximale": Decimal(10), "ponderation": Decimal(40)},
]


def _champs(**autres):
    maintenant = timezone.now()
    return {
        "programme": ProgrammeFactory(),
        "exercice_debut": 2027,
        "exercice_fin": 2027,
        "titre": "Montréal inclusive 2027",
        "description": "Projets d'intégration.",
        "budget": Decimal("2000000"),
        "montant_minimum": Decimal("10000"),
        "montant_maximum": Decimal("100000"),
        "ouverture": maintenant + datetime.timedelta(days=1),
        "cloture": maintenant + datetime.timedelta(days=40),
        **autres,
    }


def test_creer_un_brouillon_avec_ses_lignes(agent):
    appel = services.appel_creer(
        par=agent,
        **_champs(),
        criteres=GRILLE,
        regles=[{"type": "anciennete", "annees": 2, "libelle": ""}],
        documents=[{"libelle": "Lettres patentes", "obligatoire": True}],
    )
    assert appel.etat == AppelDeProjets.Etat.BROUILLON
    assert [c.libelle for c in appel.criteres.all()] == ["Pertinence", "Budget"]
    assert appel.regles.get().texte == "Organisme actif depuis au moins 2 ans"
    assert appel.history.first().history_user == agent


@pytest.mark.parametrize("role", ["partenaire", "administrateur", "evaluateur"])
def test_creer_refuse_hors_agents_et_gestionnaires(role):
    user = UserFactory(roles=[role])
    with pytest.raises(PermissionDenied):
        services.appel_creer(par=user, **_champs())
    assert not AppelDeProjets.objects.exists()


def test_creer_refuse_des_montants_incoherents(agent):
    with pytest.raises(ValidationError) as erreur:
        services.appel_creer(
            par=agent, **_champs(montant_minimum=Decimal("200000"), montant_maximum=Decimal("1"))
        )
    assert "montant_minimum" in erreur.value.message_dict
    assert not AppelDeProjets.objects.exists()


def test_guide_verifie_comme_tout_fichier(agent):
    faux = ContentFile(b"<html>pas un pdf</html>", name="guide.pdf")
    with pytest.raises(ValidationError) as erreur:
        services.appel_creer(par=agent, **_champs(guide=faux))
    assert "guide" in erreur.value.message_dict
    vrai = ContentFile(PDF_MINIMAL, name="guide.pdf")
    appel = services.appel_creer(par=agent, **_champs(guide=vrai))
    assert appel.nom_guide.startswith("guide")


# --- Publishing -------------------------------------------------------------------------------
def test_publier_un_appel_complet(gestionnaire):
    appel = appel_complet(etat="brouillon")
    services.appel_publier(appel=appel, par=gestionnaire)
    appel.refresh_from_db()
    assert appel.etat == AppelDeProjets.Etat.PUBLIE and appel.publie_le is not None


def test_publier_dit_chaque_piece_manquante(agent):
    appel = AppelFactory(etat="brouillon", description="")
    v = verdict(agent, "appels.publier", appel)
    assert not v and v.raison == "La grille d'évaluation n'a aucun critère."
    from appels.permissions import manques_pour_publier

    CritereEvaluation.objects.create(appel=appel, libelle="Pertinence", ponderation=30)
    CritereEvaluation.objects.create(appel=appel, libelle="Budget", ponderation=25)
    assert manques_pour_publier(appel) == [
        "Les pondérations de la grille totalisent 55 % au lieu de 100 %.",
        "Il faut une description ou un guide de l'appel.",
    ]
    with pytest.raises(ValidationError) as erreur:
        services.appel_publier(appel=appel, par=agent)
    assert erreur.value.messages == [
        "Les pondérations de la grille totalisent 55 % au lieu de 100 %."
    ]
    appel.refresh_from_db()
    assert appel.etat == AppelDeProjets.Etat.BROUILLON


def test_publier_refuse_une_cloture_passee(agent):
    appel = appel_complet(
        etat="brouillon",
        ouverture=timezone.now() - datetime.timedelta(days=30),
        cloture=timezone.now() - datetime.timedelta(days=1),
    )
    assert verdict(agent, "appels.publier", appel).raison == "La date de clôture est déjà passée."


def test_publier_refuse_un_appel_deja_publie_et_les_autres_roles(agent):
    appel = appel_complet()
    assert verdict(agent, "appels.publier", appel).raison.startswith(
        "Cet appel n'est plus un brouillon (état : Ouvert)"
    )
    brouillon = appel_complet(etat="brouillon")
    partenaire = UserFactory(roles=["partenaire"])
    with pytest.raises(PermissionDenied) as erreur:
        services.appel_publier(appel=brouillon, par=partenaire)
    assert "agents de programme et les gestionnaires" in str(erreur.value)


# --- The frozen grid --------------------------------------------------------------------------
def _modifier(appel, par, **lignes):
    return services.appel_modifier(appel=appel, par=par, version=appel.version, **lignes)


def test_grille_modifiable_tant_qu_aucune_demande_n_est_deposee(agent):
    appel = appel_complet()
    DemandeFactory(appel=appel, etat=Demande.Etat.BROUILLON)  # a draft freezes nothing
    _modifier(appel, agent, criteres=GRILLE)
    assert appel.criteres.count() == 2


@pytest.mark.parametrize("etat", ["soumise", "recevable", "non_retenue"])
def test_grille_figee_des_qu_une_demande_est_deposee(agent, etat):
    appel = appel_complet()
    DemandeFactory(appel=appel, etat=etat)
    avant = list(appel.criteres.values_list("libelle", "ponderation"))
    for lignes in (
        {"criteres": GRILLE},
        {"regles": [{"type": "neq", "annees": None, "libelle": ""}]},
        {"documents": []},
    ):
        with pytest.raises(ValidationError) as erreur:
            _modifier(appel, agent, **lignes)
        assert erreur.value.messages[0].startswith("La grille est figée : 1 demande déposée")
    assert list(appel.criteres.values_list("libelle", "ponderation")) == avant
    # The same lines sent back unchanged (the edit form always sends them) are no change, and
    # the call's other fields still change.
    fiche = {
        "criteres": [
            {
                "libelle": c.libelle,
                "guide": c.guide,
                "note_maximale": c.note_maximale,
                "ponderation": c.ponderation,
            }
            for c in appel.criteres.all()
        ],
    }
    modifie = _modifier(appel, agent, titre="Nouveau titre", **fiche)
    assert modifie.titre == "Nouveau titre"


def test_raison_au_pluriel(agent):
    appel = appel_complet()
    DemandeFactory.create_batch(3, appel=appel, etat="soumise")
    assert verdict(agent, "appels.modifier_grille", appel).raison.startswith(
        "La grille est figée : 3 demandes déposées"
    )


def test_appel_ferme_ne_change_plus(agent):
    appel = appel_complet(
        ouverture=timezone.now() - datetime.timedelta(days=30),
        cloture=timezone.now() - datetime.timedelta(minutes=1),
    )
    for permission in ("appels.modifier_appel", "appels.modifier_grille"):
        v = verdict(agent, permission, appel)
        assert v.raison == "L'appel est fermé depuis sa clôture : ses paramètres ne changent plus."
    with pytest.raises(ValidationError):
        _modifier(appel, agent, titre="Autre")


def test_modifier_refuse_une_version_perimee(agent):
    appel = appel_complet()
    with pytest.raises(ValidationError):
        services.appel_modifier(appel=appel, par=agent, version=appel.version - 1, titre="X")


# --- Deleting a draft -------------------------------------------------------------------------
def test_supprimer_un_brouillon_seulement(agent):
    brouillon = appel_complet(etat="brouillon")
    services.appel_supprimer(appel=brouillon, par=agent)
    assert not AppelDeProjets.objects.filter(pk=brouillon.pk).exists()
    publie = appel_complet()
    with pytest.raises(ValidationError) as erreur:
        services.appel_supprimer(appel=publie, par=agent)
    assert "Seul un appel en brouillon" in erreur.value.messages[0]


# --- The committee ----------------------------------------------------------------------------
def test_affecter_un_evaluateur(agent):
    appel = appel_complet()
    evaluateur = UserFactory(roles=["evaluateur"])
    services.evaluateur_ajouter(appel=appel, user=evaluateur, par=agent)
    with pytest.raises(ValidationError) as erreur:
        services.evaluateur_ajouter(appel=appel, user=evaluateur, par=agent)
    assert "déjà partie du comité" in erreur.value.messages[0]
    sans_role = UserFactory()
    with pytest.raises(ValidationError) as erreur:
        services.evaluateur_ajouter(appel=appel, user=sans_role, par=agent)
    assert "rôle évaluateur" in erreur.value.messages[0]
    affectation = appel.evaluateurs.get()
    services.evaluateur_retirer(affectation=affectation, par=agent)
    assert not appel.evaluateurs.exists()


def test_un_evaluateur_ne_gere_rien():
    evaluateur = UserFactory(roles=["evaluateur"])
    appel = appel_complet(etat="brouillon")
    for permission in (
        "appels.voir_gestion",
        "appels.creer_appel",
        "appels.modifier_appel",
        "appels.publier",
        "appels.supprimer",
        "appels.gerer_evaluateurs",
    ):
        assert not peut(evaluateur, permission, appel)


def test_un_appel_publie_reste_publiable(agent):
    appel = appel_complet()
    grille = [{**ligne, "ponderation": Decimal(30)} for ligne in GRILLE]
    with pytest.raises(ValidationError) as erreur:
        _modifier(appel, agent, criteres=grille, description="")
    assert erreur.value.messages == [
        "Les pondérations de la grille totalisent 60 % au lieu de 100 %.",
        "Il faut une description ou un guide de l'appel.",
    ]
    appel.refresh_from_db()
    assert appel.criteres.count() == 5 and appel.description
