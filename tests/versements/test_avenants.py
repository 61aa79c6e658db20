"""Amendments: the grant's new amount and répartition (subventions.avenants), the envelope
checked again, and the unpaid part of the schedule adjusted (versements.avenants), to the cent."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from noyau.versions import ConflitDeVersion
from subventions.models import Avenant, DerogationEnveloppe, Subvention
from tests.factories import EnveloppeFactory, RepartitionFactory, SubventionFactory
from versements.models import Versement
from versements.services.avenants import avenant_enregistrer
from versements.services.echeancier import echeancier_creer

S = Subvention.Statut
V = Versement.Statut
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def montant(texte):
    return texte.replace(" ", NBSP) + f"{NBSP}$"


@pytest.fixture
def signee(organisme, agent):
    """33 333,33 $ over 2026 (20 000 $) and 2027 (13 333,33 $), signed: the schedule follows
    the répartition, 20 000 $ at signature (2026), 10 666,66 $ on 1 January 2027 (rapport
    d'étape) and 2 666,67 $ on the final report (2027)."""
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.CONVENTION_SIGNEE,
        montant_accorde=D("33333.33"),
        date_debut=datetime.date(2026, 1, 1),
        date_fin=datetime.date(2027, 12, 31),
        numero_resolution="CE26 0001",
        date_decision=datetime.date(2026, 1, 10),
        date_signature=datetime.date(2026, 1, 20),
    )
    for exercice, somme in ((2026, D("20000.00")), (2027, D("13333.33"))):
        EnveloppeFactory(programme=s.programme, exercice=exercice, montant=D("100000"))
        RepartitionFactory(subvention=s, exercice=exercice, montant=somme)
    echeancier_creer(subvention=s, par=agent)
    return s


def amender(s, par, nouveau, repartition, **kw):
    s.refresh_from_db()
    kw.setdefault("version", s.version)
    kw.setdefault("numero_resolution", "CE26 0123")
    kw.setdefault("date_decision", datetime.date(2026, 3, 2))
    kw.setdefault("motif", "Hausse de la demande à Saint-Laurent")
    return avenant_enregistrer(
        subvention=s,
        par=par,
        montant=D(nouveau),
        repartitions=[{"exercice": e, "montant": D(m)} for e, m in repartition.items()],
        **kw,
    )


def payer(s, rang, statut=V.PAYE):
    Versement.objects.filter(subvention=s, rang=rang).update(
        statut=statut,
        date_paiement=datetime.date(2026, 1, 25) if statut == V.PAYE else None,
        reference_paiement=f"PAI-{s.pk}-{rang}" if statut == V.PAYE else "",
    )


def echeancier(s):
    return [(v.rang, v.montant, v.statut) for v in s.versements.order_by("rang")]


def invariants(s):
    s.refresh_from_db()
    non_annules = s.versements.non_annules().total()
    repartition = sum((r.montant for r in s.repartitions.all()), D("0"))
    assert non_annules == s.montant_accorde == repartition
    # And exercice by exercice: its instalments (not cancelled) = its part.
    for r in s.repartitions.all():
        assert s.versements.non_annules().filter(exercice=r.exercice).total() == r.montant
    assert (
        not s.versements.non_annules()
        .exclude(exercice__in=[r.exercice for r in s.repartitions.all()])
        .exists()
    )


# --- The schedule follows ---------------------------------------------------------------------


def test_hausse_sur_le_dernier_versement_prevu(signee, gestionnaire):
    version = signee.version
    avenant = amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"})
    assert (avenant.rang, avenant.montant_avant, avenant.montant_apres) == (
        1,
        D("33333.33"),
        D("40000.00"),
    )
    assert avenant.numero_resolution == "CE26 0123" and avenant.par == gestionnaire
    assert [(r.exercice, r.montant) for r in avenant.repartitions.all()] == [
        (2026, D("20000.00")),
        (2027, D("20000.00")),
    ]
    # Only 2027 changed: its last planned instalment takes the 6 666,67 $.
    assert echeancier(signee) == [
        (1, D("20000.00"), V.PREVU),
        (2, D("10666.66"), V.PREVU),
        (3, D("9333.34"), V.PREVU),
    ]
    invariants(signee)
    assert signee.version == version + 1
    assert signee.history.first().history_change_reason == "Avenant n° 1"


def test_baisse_apres_paiement_au_cent_pres(signee, gestionnaire):
    payer(signee, 1)
    amender(signee, gestionnaire, "30000.00", {2026: "20000", 2027: "10000"})
    # 3 333,33 $ less in 2027, taken from the line that asks the least proof (the rapport
    # d'étape's): the final report's 2 666,67 $ stays held until that report.
    assert echeancier(signee) == [
        (1, D("20000.00"), V.PAYE),
        (2, D("7333.33"), V.PREVU),
        (3, D("2666.67"), V.PREVU),
    ]
    invariants(signee)


def test_versement_ramene_a_zero_est_annule_jamais_supprime(signee, gestionnaire):
    payer(signee, 1)
    amender(signee, gestionnaire, "22666.67", {2026: "20000", 2027: "2666.67"})
    # A cancelled instalment keeps the amount it had, with the amendment as reason.
    assert echeancier(signee) == [
        (1, D("20000.00"), V.PAYE),
        (2, D("10666.66"), V.ANNULE),
        (3, D("2666.67"), V.PREVU),
    ]
    annule = signee.versements.get(rang=2)
    assert "avenant n° 1" in annule.motif and "Saint-Laurent" in annule.motif
    invariants(signee)


def test_baisse_prise_d_abord_sur_ce_qui_demande_le_moins_de_preuve(organisme, agent, gestionnaire):
    """A reduction larger than the final report's line never cancels that line while money is
    still to pay: the signature's line goes first, then the rapport d'étape's."""
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.EN_COURS,
        montant_accorde=D("33333.33"),
        date_decision=datetime.date(2026, 1, 10),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=D("33333.33"))
    EnveloppeFactory(programme=s.programme, exercice=2026)
    lignes = [
        {"montant": D(m), "date_prevue": datetime.date(2026, 2, 1), "condition": c}
        for m, c in (
            ("10000", "signature"),
            ("10000", "rapport_etape"),
            ("13333.33", "rapport_final"),
        )
    ]
    echeancier_creer(subvention=s, par=agent, lignes=lignes)
    amender(s, gestionnaire, "15000.00", {2026: "15000"})
    assert echeancier(s) == [
        (1, D("10000.00"), V.ANNULE),
        (2, D("1666.67"), V.PREVU),
        (3, D("13333.33"), V.PREVU),
    ]
    invariants(s)


def test_versement_retenu_est_ajustable(signee, gestionnaire):
    payer(signee, 1)
    Versement.objects.filter(subvention=signee, rang=3).update(statut=V.RETENU, motif="Attente")
    amender(signee, gestionnaire, "35000.00", {2026: "20000", 2027: "15000"})
    assert echeancier(signee)[2] == (3, D("4333.34"), V.RETENU)
    invariants(signee)


def test_hausse_sans_versement_prevu_ajoute_un_versement_final(signee, gestionnaire):
    payer(signee, 1)
    payer(signee, 2, V.AUTORISE)
    payer(signee, 3, V.AUTORISE)
    amender(signee, gestionnaire, "34000.00", {2026: "20000", 2027: "14000"})
    nouveau = signee.versements.get(rang=4)
    assert (nouveau.exercice, nouveau.montant, nouveau.statut) == (2027, D("666.67"), V.PREVU)
    assert nouveau.condition == Versement.Condition.RAPPORT_FINAL
    assert not nouveau.condition_remplie
    # 31 December 2027 + 60 days falls in 2028: planned on the last day of its exercice.
    assert nouveau.date_prevue == datetime.date(2027, 12, 31)
    invariants(signee)


@pytest.mark.parametrize("statut", [V.PAYE, V.AUTORISE])
def test_sous_le_paye_et_autorise_refuse_sans_rien_changer(signee, gestionnaire, statut):
    payer(signee, 1, statut)
    avant = echeancier(signee)
    with pytest.raises(ValidationError) as erreur:
        amender(signee, gestionnaire, "20000.00", {2026: "10000", 2027: "10000"})
    message = erreur.value.messages[0]
    # 2026's new part is below what is paid or authorised in 2026, in words.
    assert message.startswith("Exercice 2026 : la nouvelle part")
    assert montant("10 000,00") in message and montant("20 000,00") in message
    signee.refresh_from_db()
    assert signee.montant_accorde == D("33333.33")
    assert echeancier(signee) == avant
    assert not Avenant.objects.exists()
    invariants(signee)


def test_deux_avenants_se_suivent(signee, gestionnaire):
    amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"})
    second = amender(
        signee,
        gestionnaire,
        "36000.00",
        {2026: "20000", 2027: "16000"},
        numero_resolution="ce26  0200",
    )
    assert (second.rang, second.montant_avant, second.numero_resolution) == (
        2,
        D("40000.00"),
        "CE26 0200",
    )
    invariants(signee)


# --- The envelope, checked again -------------------------------------------------------------


def test_hausse_au_dela_de_l_enveloppe_refusee(signee, gestionnaire):
    signee.programme.enveloppes.filter(exercice=2026).update(montant=D("21000"))
    with pytest.raises(ValidationError, match="dépasse l'enveloppe") as erreur:
        amender(signee, gestionnaire, "35333.33", {2026: "22000", 2027: "13333.33"})
    assert "2026" in erreur.value.messages[0]
    assert montant("21 000,00") in erreur.value.messages[0]
    assert f"écart {montant('1 000,00')}" in erreur.value.messages[0]
    assert not Avenant.objects.exists() and not DerogationEnveloppe.objects.exists()


def test_derogation_enregistree_comme_a_l_approbation(signee, gestionnaire):
    signee.programme.enveloppes.filter(exercice=2026).update(montant=D("21000"))
    avenant = amender(
        signee,
        gestionnaire,
        "35333.33",
        {2026: "22000", 2027: "13333.33"},
        derogation_raison="Priorité du comité exécutif",
    )
    derogation = DerogationEnveloppe.objects.get(subvention=signee)
    assert (derogation.exercice, derogation.depassement) == (2026, D("1000.00"))
    assert derogation.raison == avenant.derogation_raison == "Priorité du comité exécutif"
    invariants(signee)


def test_une_baisse_n_exige_aucune_derogation(signee, gestionnaire):
    # Approved beyond the 2026 envelope (an override): lowering that year needs none.
    signee.programme.enveloppes.filter(exercice=2026).update(montant=D("15000"))
    avenant = amender(signee, gestionnaire, "31333.33", {2026: "18000", 2027: "13333.33"})
    assert avenant.derogation_raison == ""
    assert not DerogationEnveloppe.objects.exists()


def test_l_enveloppe_compte_les_autres_subventions(signee, gestionnaire):
    autre = SubventionFactory(programme=signee.programme, statut=S.EN_COURS)
    RepartitionFactory(subvention=autre, exercice=2027, montant=D("80000"))
    with pytest.raises(ValidationError, match="2027"):
        amender(signee, gestionnaire, "40000.01", {2026: "20000", 2027: "20000.01"})
    amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"})


# --- Who, when, what ---------------------------------------------------------------------------


@pytest.mark.parametrize("statut", [S.APPROUVEE, S.FERMEE, S.ANNULEE, S.EN_ANALYSE])
def test_subvention_non_signee_refusee(signee, gestionnaire, statut):
    Subvention.objects.filter(pk=signee.pk).update(statut=statut)
    with pytest.raises(ValidationError, match="convention est signée"):
        amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"})


@pytest.mark.parametrize("statut", [S.EN_COURS, S.TERMINEE])
def test_en_cours_et_terminee_acceptees(signee, gestionnaire, statut):
    Subvention.objects.filter(pk=signee.pk).update(statut=statut)
    amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"})
    invariants(signee)


def test_reserve_au_gestionnaire_qui_n_a_pas_instruit(signee, agent, cumul, administrateur):
    for par in (agent, administrateur):
        with pytest.raises(PermissionDenied):
            amender(signee, par, "40000.00", {2026: "20000", 2027: "20000"})
    Subvention.objects.filter(pk=signee.pk).update(agent=cumul)
    with pytest.raises(PermissionDenied, match="séparation des tâches"):
        amender(signee, cumul, "40000.00", {2026: "20000", 2027: "20000"})
    assert not Avenant.objects.exists()


def test_formulaire_perime_refuse(signee, gestionnaire):
    signee.refresh_from_db()
    version = signee.version
    amender(signee, gestionnaire, "40000.00", {2026: "20000", 2027: "20000"}, version=version)
    with pytest.raises(ConflitDeVersion):
        amender(signee, gestionnaire, "45000.00", {2026: "25000", 2027: "20000"}, version=version)
    assert Avenant.objects.count() == 1


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"date_decision": datetime.date(2026, 1, 9)}, "précéder la décision"),
        ({"date_decision": "demain"}, "dans le futur"),
        ({"motif": "  "}, "motif"),
        ({"repartition": {2026: "20000", 2027: "10000"}}, "répartition par exercice totalise"),
        ({"repartition": {2026: "20000", 2028: "20000"}}, "hors de la période"),
        ({"nouveau": "0"}, "supérieur à zéro"),
        ({"nouveau": "60000", "repartition": {2026: "30000", 2027: "30000"}}, "montant demandé"),
    ],
)
def test_decision_invalide_refusee(signee, gestionnaire, kw, message):
    if kw.get("date_decision") == "demain":
        kw["date_decision"] = timezone.localdate() + datetime.timedelta(days=1)
    nouveau = kw.pop("nouveau", "40000.00")
    repartition = kw.pop("repartition", {2026: "20000", 2027: "20000"})
    with pytest.raises(ValidationError, match=message):
        amender(signee, gestionnaire, nouveau, repartition, **kw)
    assert not Avenant.objects.exists()
    invariants(signee)
