"""Instalments belong to an exercice (issue 19): the schedule follows the répartition, each
report releases its year, paying never takes an exercice above its part, versé counts by the
instalment's exercice, and `manage.py verifier_exercices` lists what disagrees."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from reddition.models import Obligation
from reddition.services import obligations
from subventions.models import Subvention
from tests.factories import (
    PDF_MINIMAL,
    EnveloppeFactory,
    RepartitionFactory,
    SubventionFactory,
    VersementFactory,
)
from versements.models import Versement
from versements.services import echeancier, paiements, signature
from versements.services.avenants import avenant_enregistrer

S = Subvention.Statut
V = Versement.Statut
C = Versement.Condition
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def texte(erreur):
    return " ".join(erreur.value.messages).replace(NBSP, " ")


@pytest.fixture
def approuvee(organisme, agent):
    """The issue's example: 50 000 $ split 10 000 $ (2026) + 40 000 $ (2027)."""
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.APPROUVEE,
        montant_accorde=D("50000.00"),
        montant_demande=D("100000.00"),
        numero_resolution="CE26 0042",
        date_decision=datetime.date(2026, 1, 10),
        date_debut=datetime.date(2026, 1, 1),
        date_fin=datetime.date(2027, 12, 31),
    )
    for exercice, part in ((2026, D("10000.00")), (2027, D("40000.00"))):
        EnveloppeFactory(programme=s.programme, exercice=exercice, montant=D("1000000"))
        RepartitionFactory(subvention=s, exercice=exercice, montant=part)
    return s


@pytest.fixture
def signee(approuvee, agent):
    document = SimpleUploadedFile("c.pdf", PDF_MINIMAL, content_type="application/pdf")
    signature.convention_signer(
        subvention=approuvee,
        par=agent,
        date_signature=datetime.date(2026, 2, 2),
        document=document,
    )
    approuvee.refresh_from_db()
    return approuvee


def lignes(s):
    return [
        (v.exercice, v.montant, v.date_prevue, v.condition, v.statut)
        for v in s.versements.order_by("rang")
    ]


def test_l_exemple_de_l_issue_suit_la_repartition(signee):
    assert lignes(signee) == [
        (2026, D("10000.00"), datetime.date(2026, 2, 2), C.SIGNATURE, V.PREVU),
        (2027, D("32000.00"), datetime.date(2027, 1, 1), C.RAPPORT_ETAPE, V.PREVU),
        # End date + 60 days falls in 2028: planned on 31 December of its exercice.
        (2027, D("8000.00"), datetime.date(2027, 12, 31), C.RAPPORT_FINAL, V.PREVU),
    ]


def test_un_rapport_d_etape_par_passage_d_annee(signee):
    etapes = signee.obligations.filter(type=Obligation.Type.RAPPORT_ETAPE)
    assert list(etapes.values_list("periode_debut", "periode_fin", "date_echeance")) == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 30))
    ]


def test_le_rapport_sur_2026_libere_la_part_de_2027_et_rien_d_autre(signee, agent):
    etape = signee.obligations.get(type=Obligation.Type.RAPPORT_ETAPE)
    obligations.obligation_marquer_soumise(obligation=etape, par=agent)
    obligations.obligation_accepter(obligation=etape, par=agent)
    remplies = dict(signee.versements.values_list("rang", "condition_remplie"))
    assert remplies == {1: True, 2: True, 3: False}


def test_trois_exercices_chaque_rapport_libere_son_annee(organisme, agent):
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=D("30000.01"),
        date_debut=datetime.date(2025, 4, 1),
        date_fin=datetime.date(2027, 3, 31),
        date_signature=datetime.date(2025, 4, 2),
    )
    for exercice, part in ((2025, "10000.00"), (2026, "10000.00"), (2027, "10000.01")):
        RepartitionFactory(subvention=s, exercice=exercice, montant=D(part))
    echeancier.echeancier_creer(subvention=s, par=agent)
    obligations.obligations_creer(subvention=s, par=agent)
    assert [(e, m, c) for e, m, _d, c, _s in lignes(s)] == [
        (2025, D("10000.00"), C.SIGNATURE),
        (2026, D("10000.00"), C.RAPPORT_ETAPE),
        (2027, D("8000.00"), C.RAPPORT_ETAPE),
        (2027, D("2000.01"), C.RAPPORT_FINAL),  # the remainder on the last line
    ]
    # End date + 60 days (30 May 2027) lies in 2027: the final instalment is planned then.
    assert s.versements.get(rang=4).date_prevue == datetime.date(2027, 5, 30)
    etapes = list(s.obligations.filter(type=Obligation.Type.RAPPORT_ETAPE).order_by("periode_fin"))
    assert [(o.periode_debut, o.periode_fin) for o in etapes] == [
        (datetime.date(2025, 4, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ]
    for obligation, attendu in zip(etapes, ({2: True, 3: False}, {2: True, 3: True}), strict=True):
        obligations.obligation_marquer_soumise(obligation=obligation, par=agent)
        obligations.obligation_accepter(obligation=obligation, par=agent)
        remplies = dict(
            s.versements.filter(rang__in=[2, 3]).values_list("rang", "condition_remplie")
        )
        assert remplies == attendu
    assert not s.versements.get(rang=4).condition_remplie


def test_une_subvention_d_un_an_80_20(organisme, agent):
    s = SubventionFactory(
        agent=agent,
        statut=S.CONVENTION_SIGNEE,
        montant_accorde=D("1234.57"),
        date_debut=datetime.date(2026, 3, 1),
        date_fin=datetime.date(2026, 8, 31),
        date_signature=datetime.date(2026, 3, 5),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=D("1234.57"))
    echeancier.echeancier_creer(subvention=s, par=agent)
    assert lignes(s) == [
        (2026, D("987.65"), datetime.date(2026, 3, 5), C.SIGNATURE, V.PREVU),
        (2026, D("246.92"), datetime.date(2026, 10, 30), C.RAPPORT_FINAL, V.PREVU),
    ]


def test_sans_repartition_pas_d_echeancier(agent):
    s = SubventionFactory(
        agent=agent, statut=S.CONVENTION_SIGNEE, date_signature=datetime.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="pas de répartition par exercice"):
        echeancier.echeancier_creer(subvention=s, par=agent)
    assert not s.versements.exists()


# --- Editing the schedule ---------------------------------------------------------------------


def ligne(montant, date, condition=C.RAPPORT_ETAPE, versement=None):
    return {
        "montant": D(montant),
        "date_prevue": date,
        "condition": condition,
        "versement": versement,
    }


def modifier(s, agent, nouvelles):
    version = echeancier.version_echeancier(s)
    return echeancier.echeancier_modifier(
        subvention=s, par=agent, version=version, lignes=nouvelles
    )


def test_modifier_verifie_chaque_exercice_avec_l_ecart_en_mots(signee, agent):
    un, deux, trois = signee.versements.order_by("rang")
    with pytest.raises(ValidationError) as erreur:
        modifier(
            signee,
            agent,
            [
                ligne("20000", un.date_prevue, C.SIGNATURE, un.pk),
                ligne("22000", deux.date_prevue, versement=deux.pk),
                ligne("8000", trois.date_prevue, C.RAPPORT_FINAL, trois.pk),
            ],
        )
    message = texte(erreur)
    assert "Exercice 2026 : les versements totalisent 20 000,00 $" in message
    assert "part de 10 000,00 $" in message and "excédent de 10 000,00 $" in message
    assert "Exercice 2027" in message and "il manque 10 000,00 $" in message
    assert lignes(signee)[0][1] == D("10000.00")


def test_modifier_dans_l_exercice_passe(signee, agent):
    un, deux, trois = signee.versements.order_by("rang")
    modifier(
        signee,
        agent,
        [
            ligne("10000", un.date_prevue, C.SIGNATURE, un.pk),
            ligne("16000", datetime.date(2027, 1, 1), versement=deux.pk),
            ligne("16000", datetime.date(2027, 6, 1)),
            ligne("8000", trois.date_prevue, C.RAPPORT_FINAL, trois.pk),
        ],
    )
    nouveau = signee.versements.get(rang=4)
    assert (nouveau.exercice, nouveau.montant) == (2027, D("16000.00"))


def test_une_date_hors_de_la_repartition_est_refusee(signee, agent):
    un, deux, trois = signee.versements.order_by("rang")
    with pytest.raises(ValidationError) as erreur:
        modifier(
            signee,
            agent,
            [
                ligne("10000", un.date_prevue, C.SIGNATURE, un.pk),
                ligne("32000", deux.date_prevue, versement=deux.pk),
                ligne("8000", datetime.date(2028, 3, 1), C.RAPPORT_FINAL),
            ],
        )
    assert "tombe dans l'exercice 2028, absent de la répartition" in texte(erreur)
    assert "(2026, 2027)" in texte(erreur)


def test_un_versement_ne_change_pas_d_exercice(signee, agent):
    un, deux, trois = signee.versements.order_by("rang")
    with pytest.raises(ValidationError) as erreur:
        modifier(
            signee,
            agent,
            [
                ligne("10000", un.date_prevue, C.SIGNATURE, un.pk),
                ligne("32000", datetime.date(2026, 12, 1), versement=deux.pk),
                ligne("8000", trois.date_prevue, C.RAPPORT_FINAL, trois.pk),
            ],
        )
    assert "Le versement n° 2 appartient à l'exercice 2027" in texte(erreur)
    assert signee.versements.get(rang=2).date_prevue == datetime.date(2027, 1, 1)


# --- Paying -----------------------------------------------------------------------------------


@pytest.fixture
def ancien(agent):
    """Data from before the rule: 40 000 $ of a 10 000 $ (2026) + 40 000 $ (2027) grant planned
    and authorised in 2026."""
    s = SubventionFactory(
        numero="BINAM-2025-007",
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=D("50000.00"),
        date_fin=datetime.date(2027, 12, 31),
        date_signature=datetime.date(2026, 1, 20),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=D("10000.00"))
    RepartitionFactory(subvention=s, exercice=2027, montant=D("40000.00"))
    VersementFactory(
        subvention=s, rang=1, montant=D("40000.00"), statut=V.AUTORISE, condition=C.SIGNATURE
    )
    VersementFactory(
        subvention=s,
        rang=2,
        montant=D("10000.00"),
        date_prevue=datetime.date(2027, 3, 1),
        condition=C.RAPPORT_FINAL,
    )
    return s


def test_payer_au_dela_de_la_part_de_l_exercice_est_refuse(ancien, agent):
    premier = ancien.versements.get(rang=1)
    with pytest.raises(ValidationError) as erreur:
        paiements.versement_payer(
            versement=premier, par=agent, date_paiement=datetime.date(2026, 2, 1), reference="P-1"
        )
    message = texte(erreur)
    assert "versé de l'exercice 2026 à 40 000,00 $" in message
    assert "part de cet exercice dans la répartition (10 000,00 $)" in message
    premier.refresh_from_db()
    assert premier.statut == V.AUTORISE


def test_paye_l_annee_suivante_compte_dans_son_exercice(signee, agent, gestionnaire):
    premier = signee.versements.get(rang=1)
    paiements.versement_autoriser(versement=premier, par=gestionnaire)
    Versement.objects.filter(pk=premier.pk).update(
        statut=V.PAYE, date_paiement=datetime.date(2027, 1, 15), reference_paiement="P-2027"
    )
    par_exercice = Versement.objects.total_par_exercice_paye()
    assert par_exercice == {2026: D("10000.00")}
    programme = signee.programme_id
    assert Versement.objects.total_par_programme_et_exercice_paye() == {
        (programme, 2026): D("10000.00")
    }


# --- Amendments -------------------------------------------------------------------------------


def amender(s, par, nouveau, repartition):
    s.refresh_from_db()
    return avenant_enregistrer(
        subvention=s,
        par=par,
        version=s.version,
        montant=D(nouveau),
        repartitions=[{"exercice": e, "montant": D(m)} for e, m in repartition.items()],
        numero_resolution="CE26 0123",
        date_decision=datetime.date(2026, 3, 2),
        motif="Nouvelle cohorte",
    )


def payer_le_premier(s):
    Versement.objects.filter(subvention=s, rang=1).update(
        statut=V.PAYE, date_paiement=datetime.date(2026, 2, 10), reference_paiement="P-1"
    )


def test_avenant_ne_touche_que_l_exercice_change(signee, gestionnaire):
    payer_le_premier(signee)
    amender(signee, gestionnaire, "60000.00", {2026: "10000.00", 2027: "50000.00"})
    assert [(e, m, s) for e, m, _d, _c, s in lignes(signee)] == [
        (2026, D("10000.00"), V.PAYE),
        (2027, D("32000.00"), V.PREVU),
        (2027, D("18000.00"), V.PREVU),
    ]


def test_avenant_sous_le_paye_d_un_exercice_est_refuse_en_mots(signee, gestionnaire):
    payer_le_premier(signee)
    with pytest.raises(ValidationError) as erreur:
        amender(signee, gestionnaire, "50000.00", {2026: "5000.00", 2027: "45000.00"})
    message = texte(erreur)
    assert "Exercice 2026 : la nouvelle part (5 000,00 $)" in message
    assert "déjà payé (10 000,00 $)" in message and "au moins 10 000,00 $" in message
    assert signee.repartitions.get(exercice=2026).montant == D("10000.00")


def test_avenant_un_nouvel_exercice_et_un_exercice_a_zero(signee, gestionnaire):
    EnveloppeFactory(programme=signee.programme, exercice=2028, montant=D("1000000"))
    Subvention.objects.filter(pk=signee.pk).update(date_fin=datetime.date(2028, 6, 30))
    payer_le_premier(signee)
    avenant = amender(signee, gestionnaire, "30000.00", {2026: "10000.00", 2028: "20000.00"})
    versements = list(signee.versements.order_by("rang"))
    assert [(v.exercice, v.montant, v.condition, v.statut) for v in versements] == [
        (2026, D("10000.00"), C.SIGNATURE, V.PAYE),
        (2027, D("32000.00"), C.RAPPORT_ETAPE, V.ANNULE),
        (2027, D("8000.00"), C.RAPPORT_FINAL, V.ANNULE),
        (2028, D("16000.00"), C.RAPPORT_ETAPE, V.PREVU),
        (2028, D("4000.00"), C.RAPPORT_FINAL, V.PREVU),
    ]
    for annule in versements[1:3]:
        assert annule.motif == f"Annulé par l'avenant n° {avenant.rang}\u00a0: Nouvelle cohorte"
    assert versements[4].date_prevue == datetime.date(2028, 8, 29)


# --- manage.py verifier_exercices -------------------------------------------------------------


def verifier():
    sortie = io.StringIO()
    try:
        call_command("verifier_exercices", stdout=sortie)
        code = 0
    except SystemExit as fin:
        code = fin.code
    return code, sortie.getvalue().replace(NBSP, " ")


def test_verifier_exercices_tout_concorde(signee):
    code, sortie = verifier()
    assert code == 0
    assert sortie.startswith("Tout concorde")


def test_verifier_exercices_liste_les_ecarts_en_mots(ancien, signee):
    Versement.objects.filter(subvention=ancien, rang=1).update(
        statut=V.PAYE, date_paiement=datetime.date(2026, 2, 1), reference_paiement="P-1"
    )
    code, sortie = verifier()
    assert code == 1
    lignes_sortie = sortie.strip().splitlines()
    assert lignes_sortie[0].startswith(
        "BINAM-2025-007, exercice 2026 : part 10 000,00 $, versements prévus 40 000,00 $, "
        "payé 40 000,00 $. Le versé dépasse la part de 30 000,00 $ : un avenant doit porter la "
        "part de l'exercice 2026 à au moins 40 000,00 $"
    )
    assert lignes_sortie[1].startswith(
        "BINAM-2025-007, exercice 2027 : part 40 000,00 $, versements prévus 10 000,00 $, "
        "payé 0,00 $. Il manque 30 000,00 $ à l'échéancier de cet exercice"
    )
    assert lignes_sortie[-1] == "2 écart(s) à corriger."
    assert signee.numero not in sortie
