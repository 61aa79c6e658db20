"""Reporting obligations: the defaults at signature, the signature as one transaction, the
officers' edits and the review steps (with the release of the instalments waiting on them)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from reddition.models import Obligation, Suivi
from reddition.services import obligations as services
from subventions.models import Subvention
from tests.factories import (
    PDF_MINIMAL,
    ObligationFactory,
    RepartitionFactory,
    SubventionFactory,
    VersementFactory,
)
from versements.models import ConventionSignee, Versement
from versements.services.signature import convention_signer

S = Subvention.Statut
T = Obligation.Type
ST = Obligation.Statut
C = Versement.Condition
pytestmark = pytest.mark.django_db
JOUR = datetime.timedelta(days=1)


def approuvee(organisme, agent, repartition=None, **kwargs):
    """An approved grant; its répartition all on 2026 unless given ({exercice: montant})."""
    kwargs.setdefault("date_debut", datetime.date(2026, 1, 1))
    kwargs.setdefault("date_fin", datetime.date(2026, 12, 31))
    kwargs.setdefault("montant_accorde", Decimal("40000.00"))
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.APPROUVEE,
        date_decision=datetime.date(2026, 1, 10),
        **kwargs,
    )
    for exercice, montant in (repartition or {2026: s.montant_accorde}).items():
        RepartitionFactory(subvention=s, exercice=exercice, montant=Decimal(montant))
    return s


def signer(subvention, par):
    return convention_signer(
        subvention=subvention,
        par=par,
        date_signature=timezone.localdate(),
        document=SimpleUploadedFile("convention.pdf", PDF_MINIMAL, "application/pdf"),
    )


def types_et_echeances(subvention):
    return [
        (o.type, o.periode_debut, o.periode_fin, o.date_echeance)
        for o in subvention.obligations.order_by("date_echeance")
    ]


def test_un_an_et_moins_un_seul_rapport_final(organisme, agent):
    s = approuvee(organisme, agent)
    signer(s, agent)
    assert types_et_echeances(s) == [
        (
            T.RAPPORT_FINAL,
            datetime.date(2026, 1, 1),
            datetime.date(2026, 12, 31),
            datetime.date(2027, 3, 1),
        ),
    ]
    assert s.obligations.get().statut == ST.A_VENIR
    assert s.versements.count() == 2
    assert s.obligations.get().history.first().history_change_reason


def test_plus_d_un_an_sur_un_exercice_rapport_d_etape_a_mi_parcours(organisme, agent):
    s = approuvee(organisme, agent, date_fin=datetime.date(2027, 6, 30))
    signer(s, agent)
    milieu = datetime.date(2026, 9, 30)
    assert types_et_echeances(s)[0] == (
        T.RAPPORT_ETAPE,
        datetime.date(2026, 1, 1),
        milieu,
        milieu + 30 * JOUR,
    )
    assert [t for t, *_ in types_et_echeances(s)] == [T.RAPPORT_ETAPE, T.RAPPORT_FINAL]


def test_plusieurs_exercices_un_rapport_d_etape_par_annee(organisme, agent):
    """Each later exercice's part waits for the report on the year before (domain.md): one
    rapport d'étape per year boundary, covering up to 31 December, due 30 days later."""
    s = approuvee(
        organisme,
        agent,
        date_debut=datetime.date(2026, 3, 1),
        date_fin=datetime.date(2028, 2, 29),
        repartition={2026: "10000.00", 2027: "20000.00", 2028: "10000.00"},
    )
    signer(s, agent)
    assert types_et_echeances(s) == [
        (
            T.RAPPORT_ETAPE,
            datetime.date(2026, 3, 1),
            datetime.date(2026, 12, 31),
            datetime.date(2027, 1, 30),
        ),
        (
            T.RAPPORT_ETAPE,
            datetime.date(2027, 1, 1),
            datetime.date(2027, 12, 31),
            datetime.date(2028, 1, 30),
        ),
        (
            T.RAPPORT_FINAL,
            datetime.date(2026, 3, 1),
            datetime.date(2028, 2, 29),
            datetime.date(2028, 4, 29),
        ),
    ]


@pytest.mark.parametrize(("accorde", "avec_etats"), [("99999.99", False), ("100000.00", True)])
def test_etats_financiers_a_partir_de_100_000(organisme, agent, accorde, avec_etats):
    s = approuvee(organisme, agent, montant_accorde=Decimal(accorde))
    signer(s, agent)
    etats = s.obligations.filter(type=T.ETATS_FINANCIERS)
    assert etats.exists() == avec_etats
    if avec_etats:
        assert etats.get().date_echeance == datetime.date(2026, 12, 31) + 90 * JOUR


def test_un_echec_des_obligations_ne_laisse_rien(organisme, agent, monkeypatch):
    s = approuvee(organisme, agent)
    # The storage the signed agreement goes to (in memory in tests): every name written to it.
    stockage = ConventionSignee._meta.get_field("fichier").storage
    ecrits, enregistrer = [], stockage.save

    def espion(name, content, **kwargs):
        ecrits.append(enregistrer(name, content, **kwargs))
        return ecrits[-1]

    monkeypatch.setattr(stockage, "save", espion)

    def panne(**kwargs):
        raise ValidationError("panne")

    # The obligations' part runs last, once the grant is signed and its schedule created.
    monkeypatch.setattr(services, "obligations_par_defaut", panne)
    with pytest.raises(ValidationError):
        signer(s, agent)
    s.refresh_from_db()
    assert s.statut == S.APPROUVEE and s.date_signature is None
    assert not s.versements.exists() and not s.obligations.exists()
    assert not ConventionSignee.objects.exists()
    assert ecrits, "the agreement was stored before the failure: this test checks its removal"
    assert [nom for nom in ecrits if stockage.exists(nom)] == []


def test_obligations_creees_une_fois(organisme, agent):
    s = approuvee(organisme, agent)
    signer(s, agent)
    with pytest.raises(ValidationError):
        services.obligations_creer(subvention=s, par=agent)


def test_seul_qui_suit_le_dossier_signe(organisme, agent, autre_agent):
    s = SubventionFactory(organisme=organisme, agent=agent, statut=S.CONVENTION_SIGNEE)
    with pytest.raises(PermissionDenied):
        services.obligations_creer(subvention=s, par=autre_agent)


def test_contraintes_de_la_base():
    o = ObligationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.filter(pk=o.pk).update(periode_debut=datetime.date(2027, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.filter(pk=o.pk).update(date_echeance=datetime.date(2026, 6, 1))
    ObligationFactory(subvention=o.subvention, type=T.RAPPORT_FINAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObligationFactory(subvention=o.subvention, type=T.RAPPORT_FINAL)


def test_en_retard_calcule_du_jour(monkeypatch):
    o = ObligationFactory(date_echeance=datetime.date(2026, 7, 31))
    soumise = ObligationFactory(date_echeance=datetime.date(2026, 7, 31), statut=ST.SOUMIS)
    for jour, attendu in [
        (datetime.date(2026, 7, 31), "a_venir"),
        (datetime.date(2026, 8, 1), "en_retard"),
    ]:
        monkeypatch.setattr(timezone, "localdate", lambda *a, j=jour, **k: j)
        assert o.etat == attendu
        annotes = dict(Obligation.objects.avec_etat().values_list("pk", "etat"))
        assert annotes == {o.pk: attendu, soumise.pk: "soumis"}
        assert list(Obligation.objects.en_retard()) == ([o] if attendu == "en_retard" else [])
        assert Obligation.objects.avec_etat().get(pk=o.pk).etat == attendu


def test_modifier_echeance_avec_raison_gardee(agent):
    o = ObligationFactory(subvention__agent=agent)
    with pytest.raises(ValidationError):
        services.obligation_modifier_echeance(
            obligation=o, par=agent, date_echeance=datetime.date(2026, 9, 30), raison=" "
        )
    with pytest.raises(ValidationError):
        services.obligation_modifier_echeance(
            obligation=o, par=agent, date_echeance=datetime.date(2026, 6, 1), raison="Avant"
        )
    services.obligation_modifier_echeance(
        obligation=o, par=agent, date_echeance=datetime.date(2026, 9, 30), raison="Congé du DG"
    )
    o.refresh_from_db()
    assert o.date_echeance == datetime.date(2026, 9, 30)
    derniere = o.history.first()
    assert derniere.history_change_reason == "Congé du DG" and derniere.history_user == agent


def test_une_obligation_acceptee_ne_change_plus(agent):
    o = ObligationFactory(subvention__agent=agent, statut=ST.ACCEPTE)
    with pytest.raises(PermissionDenied):
        services.obligation_modifier_echeance(
            obligation=o, par=agent, date_echeance=datetime.date(2026, 9, 30), raison="x"
        )


def test_ajouter_et_retirer(agent, autre_agent, gestionnaire):
    s = SubventionFactory(agent=agent, statut=S.EN_COURS)
    dates = {
        "periode_debut": datetime.date(2026, 1, 1),
        "periode_fin": datetime.date(2026, 3, 31),
        "date_echeance": datetime.date(2026, 4, 30),
    }
    with pytest.raises(PermissionDenied):
        services.obligation_ajouter(subvention=s, par=autre_agent, type=T.RAPPORT_ETAPE, **dates)
    o = services.obligation_ajouter(subvention=s, par=gestionnaire, type=T.RAPPORT_ETAPE, **dates)
    services.obligation_ajouter(subvention=s, par=agent, type=T.RAPPORT_FINAL, **dates)
    with pytest.raises(ValidationError):
        services.obligation_ajouter(subvention=s, par=agent, type=T.RAPPORT_FINAL, **dates)
    final = s.obligations.get(type=T.RAPPORT_FINAL)
    with pytest.raises(PermissionDenied):
        services.obligation_retirer(obligation=final, par=agent)
    services.obligation_retirer(obligation=o, par=agent)
    assert not Obligation.objects.filter(pk=o.pk).exists()
    assert Obligation.history.filter(id=o.pk, history_type="-").exists()


def test_on_ne_retire_pas_ce_qui_a_ete_soumis(agent):
    o = ObligationFactory(subvention__agent=agent, statut=ST.SOUMIS)
    with pytest.raises(PermissionDenied):
        services.obligation_retirer(obligation=o, par=agent)
    assert Obligation.objects.filter(pk=o.pk).exists()


def test_pas_d_ajout_sur_un_dossier_ferme(agent):
    s = SubventionFactory(agent=agent, statut=S.FERMEE)
    with pytest.raises(PermissionDenied):
        services.obligation_ajouter(
            subvention=s,
            par=agent,
            type=T.RAPPORT_ETAPE,
            periode_debut=datetime.date(2026, 1, 1),
            periode_fin=datetime.date(2026, 3, 31),
            date_echeance=datetime.date(2026, 4, 30),
        )


@pytest.mark.parametrize(
    ("type_", "condition"), [(T.RAPPORT_FINAL, C.RAPPORT_FINAL), (T.RAPPORT_ETAPE, C.RAPPORT_ETAPE)]
)
def test_accepter_libere_les_versements_qui_l_attendent(agent, type_, condition):
    o = ObligationFactory(subvention__agent=agent, type=type_)
    attend = VersementFactory(subvention=o.subvention, condition=condition)
    autre = VersementFactory(
        subvention=o.subvention,
        condition=C.RAPPORT_ETAPE if condition == C.RAPPORT_FINAL else C.RAPPORT_FINAL,
    )
    # Not received yet: the obligation's state says no (ValidationError), in the rule's words.
    with pytest.raises(ValidationError, match="accepte un rapport reçu"):
        services.obligation_accepter(obligation=o, par=agent)
    services.obligation_marquer_soumise(obligation=o, par=agent)
    services.obligation_accepter(obligation=o, par=agent, commentaire="Complet", interne=True)
    o.refresh_from_db()
    attend.refresh_from_db()
    autre.refresh_from_db()
    assert o.statut == ST.ACCEPTE
    assert attend.condition_remplie and not autre.condition_remplie
    assert [(s.action, s.interne) for s in o.suivis.all()] == [
        ("soumise", False),
        ("acceptee", True),
    ]


def test_etats_financiers_acceptes_ne_liberent_rien(agent):
    o = ObligationFactory(subvention__agent=agent, type=T.ETATS_FINANCIERS, statut=ST.SOUMIS)
    v = VersementFactory(subvention=o.subvention, condition=C.RAPPORT_FINAL)
    services.obligation_accepter(obligation=o, par=agent)
    v.refresh_from_db()
    assert not v.condition_remplie


def test_un_echec_de_liberation_annule_l_acceptation(agent, monkeypatch):
    o = ObligationFactory(subvention__agent=agent, type=T.RAPPORT_FINAL, statut=ST.SOUMIS)

    def panne(**kwargs):
        raise ValidationError("panne")

    monkeypatch.setattr(services.echeancier, "versements_liberer", panne)
    with pytest.raises(ValidationError):
        services.obligation_accepter(obligation=o, par=agent)
    o.refresh_from_db()
    assert o.statut == ST.SOUMIS and not Suivi.objects.exists()


def test_a_corriger_exige_le_motif_communique(agent):
    o = ObligationFactory(subvention__agent=agent, statut=ST.SOUMIS)
    with pytest.raises(ValidationError):
        services.obligation_a_corriger(obligation=o, par=agent, commentaire="  ")
    services.obligation_a_corriger(obligation=o, par=agent, commentaire="Ajoutez les dépenses")
    o.refresh_from_db()
    assert o.statut == ST.A_CORRIGER
    suivi = o.suivis.get()
    assert suivi.commentaire == "Ajoutez les dépenses" and not suivi.interne
    # Sent back, then received again.
    services.obligation_marquer_soumise(obligation=o, par=agent)
    o.refresh_from_db()
    assert o.statut == ST.SOUMIS


def test_un_autre_agent_ne_fait_rien(agent, autre_agent):
    o = ObligationFactory(subvention__agent=agent, statut=ST.SOUMIS)
    with pytest.raises(PermissionDenied, match="accepte un rapport reçu"):
        services.obligation_accepter(obligation=o, par=autre_agent)
    with pytest.raises(PermissionDenied, match="renvoie un rapport reçu pour correction"):
        services.obligation_a_corriger(obligation=o, par=autre_agent, commentaire="x")
    o.refresh_from_db()
    assert o.statut == ST.SOUMIS
    # Receiving asks for a report still owed: another agent is refused on one that is.
    due = ObligationFactory(subvention__agent=agent, statut=ST.A_VENIR)
    with pytest.raises(PermissionDenied, match="inscrit un rapport attendu comme reçu"):
        services.obligation_marquer_soumise(obligation=due, par=autre_agent)
    due.refresh_from_db()
    assert due.statut == ST.A_VENIR


def test_l_etat_suit_la_ligne_en_memoire():
    o = Obligation.objects.avec_etat().get(pk=ObligationFactory().pk)  # due 2026-07-31
    assert o.etat == (
        "en_retard" if timezone.localdate() > datetime.date(2026, 7, 31) else "a_venir"
    )
    o.statut = ST.SOUMIS
    assert o.etat == ST.SOUMIS and o.get_etat_display() == "Soumis"
