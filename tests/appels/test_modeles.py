"""Calls for projects: database constraints, the effective state read from the clock, and the
moments written in Montréal time."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from appels.heures import cloture_en_mots, moment_en_mots, ouverture_en_mots
from appels.models import AppelDeProjets, CritereEvaluation, EtatEffectif, RegleAdmissibilite
from tests.factories import AppelFactory, DemandeFactory, OrganismeFactory

pytestmark = pytest.mark.django_db
MONTREAL = ZoneInfo("America/Montreal")


def _refuse(**champs):
    with pytest.raises(IntegrityError), transaction.atomic():
        AppelFactory(**champs)


@pytest.mark.parametrize(
    "champs",
    [
        {"montant_minimum": Decimal("0")},
        {"montant_maximum": Decimal("-1")},
        {"montant_minimum": Decimal("50000"), "montant_maximum": Decimal("40000")},
        {"montant_maximum": Decimal("3000000")},  # above the budget
        {"exercice_debut": 2028, "exercice_fin": 2027},
    ],
)
def test_contraintes_des_montants_et_exercices(champs):
    _refuse(**champs)


def test_ouverture_avant_cloture():
    moment = timezone.now()
    _refuse(ouverture=moment, cloture=moment)


def test_une_seule_demande_par_organisme_et_par_appel():
    demande = DemandeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeFactory(appel=demande.appel, organisme=demande.organisme)
    DemandeFactory(appel=demande.appel, organisme=OrganismeFactory())  # another is fine


def test_critere_et_regle_bornes():
    appel = AppelFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CritereEvaluation.objects.create(appel=appel, libelle="X", ponderation=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        CritereEvaluation.objects.create(appel=appel, libelle="X", ponderation=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegleAdmissibilite.objects.create(appel=appel, type="anciennete")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegleAdmissibilite.objects.create(appel=appel, type="autre", libelle="")


def test_une_evaluation_soumise_porte_son_score():
    from appels.models import Evaluation
    from tests.factories import UserFactory

    demande, membre = DemandeFactory(), UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(demande=demande, evaluateur=membre, soumise_le=timezone.now())
    Evaluation.objects.create(demande=demande, evaluateur=membre)  # a draft has none yet


def test_clean_dit_chaque_incoherence():
    appel = AppelFactory.build(
        montant_minimum=Decimal("200000"),
        montant_maximum=Decimal("100000"),
        cloture=timezone.now() - datetime.timedelta(days=30),
    )
    with pytest.raises(Exception) as erreur:
        appel.clean()
    assert set(erreur.value.message_dict) == {"montant_minimum", "cloture"}


def test_etat_effectif_suit_l_horloge():
    ouverture = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=MONTREAL)
    cloture = datetime.datetime(2027, 3, 18, 16, 0, tzinfo=MONTREAL)
    appel = AppelFactory(ouverture=ouverture, cloture=cloture)
    une_minute = datetime.timedelta(minutes=1)
    assert appel.etat_effectif_a(ouverture - une_minute) == EtatEffectif.A_VENIR
    assert appel.etat_effectif_a(ouverture) == EtatEffectif.OUVERT
    assert appel.etat_effectif_a(cloture - une_minute) == EtatEffectif.OUVERT
    # Closed at 16 h 00 exactly, with no job to run.
    assert appel.etat_effectif_a(cloture) == EtatEffectif.FERME
    # The QuerySet says the same as the object, at each moment.
    for moment, etat in [
        (ouverture - une_minute, EtatEffectif.A_VENIR),
        (cloture - une_minute, EtatEffectif.OUVERT),
        (cloture, EtatEffectif.FERME),
    ]:
        qs = AppelDeProjets.objects.filter(pk=appel.pk)
        assert qs.avec_etat_effectif(moment).get().etat_calcule == etat
        assert list(qs.dans_l_etat(etat, moment)) == [appel]
    brouillon = AppelFactory(etat="brouillon", ouverture=ouverture, cloture=cloture)
    assert brouillon.etat_effectif_a(ouverture) == EtatEffectif.BROUILLON


def test_publics_ni_brouillon_ni_ferme():
    ouvert = AppelFactory()
    a_venir = AppelFactory(
        ouverture=timezone.now() + datetime.timedelta(days=5),
        cloture=timezone.now() + datetime.timedelta(days=50),
    )
    AppelFactory(etat="brouillon")
    AppelFactory(
        ouverture=timezone.now() - datetime.timedelta(days=50),
        cloture=timezone.now() - datetime.timedelta(days=1),
    )
    assert set(AppelDeProjets.objects.publics()) == {ouvert, a_venir}


def test_heure_de_montreal_en_mots():
    # 20 h 00 UTC on 18 March 2027 is 16 h 00 in Montréal (summer time since 14 March).
    cloture = datetime.datetime(2027, 3, 18, 20, 0, tzinfo=datetime.UTC)
    assert moment_en_mots(cloture) == "18 mars 2027 à 16\xa0h\xa000 (heure de Montréal)"
    hiver = datetime.datetime(2027, 2, 1, 21, 0, tzinfo=datetime.UTC)
    assert moment_en_mots(hiver) == "1er février 2027 à 16\xa0h\xa000 (heure de Montréal)"
    appel = AppelFactory.build(
        ouverture=datetime.datetime(2027, 1, 15, 14, 0, tzinfo=datetime.UTC), cloture=cloture
    )
    avant = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    assert cloture_en_mots(appel, avant) == (
        "ferme le 18 mars 2027 à 16\xa0h\xa000 (heure de Montréal)"
    )
    assert ouverture_en_mots(appel, avant).startswith("ouvre le 15 janvier 2027 à 9\xa0h\xa000")
    apres = datetime.datetime(2027, 4, 1, tzinfo=datetime.UTC)
    assert cloture_en_mots(appel, apres).startswith("fermé depuis le 18 mars 2027")


def test_heure_de_montreal_quel_que_soit_le_fuseau_du_serveur(settings):
    settings.TIME_ZONE = "UTC"
    cloture = datetime.datetime(2027, 3, 18, 20, 0, tzinfo=datetime.UTC)
    with timezone.override("UTC"):
        assert "16\xa0h\xa000" in moment_en_mots(cloture)


def test_heure_en_anglais():
    cloture = datetime.datetime(2027, 3, 18, 20, 0, tzinfo=datetime.UTC)
    with translation.override("en"):
        texte = moment_en_mots(cloture)
    assert "2027" in texte and "March" in texte
