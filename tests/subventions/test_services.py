import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from subventions import services
from subventions.models import DerogationEnveloppe, Subvention, Transition
from tests.factories import (
    PDF_MINIMAL,
    EnveloppeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    ServiceFactory,
    SubventionFactory,
)

S = Subvention.Statut
D = Decimal


def champs(organisme, programme, agent, **autres):
    base = {
        "organisme": organisme,
        "programme": programme,
        "titre": "Accueil des familles",
        "agent": agent,
        "montant_demande": D("60000"),
        "montant_accorde": D("50000"),
        "date_debut": datetime.date(2026, 7, 1),
        "date_fin": datetime.date(2027, 6, 30),
    }
    base.update(autres)
    return base


@pytest.fixture
def programme(db):
    programme = ProgrammeFactory()
    EnveloppeFactory(programme=programme, exercice=2026, montant=D("100000"))
    EnveloppeFactory(programme=programme, exercice=2027, montant=D("100000"))
    return programme


def creer(agent, organisme, programme, repartitions=None, **autres):
    repartitions = (
        repartitions
        if repartitions is not None
        else [{"exercice": 2026, "montant": D("25000")}, {"exercice": 2027, "montant": D("25000")}]
    )
    return services.subvention_creer(
        par=agent, champs=champs(organisme, programme, agent, **autres), repartitions=repartitions
    )


# --- Creation and numbering ---------------------------------------------------------------


def test_creation_numerotee_et_tracee(agent, organisme, programme):
    s1 = creer(agent, organisme, programme)
    s2 = creer(agent, organisme, programme)
    annee = datetime.date.today().year
    assert s1.numero == f"BINAM-{annee}-001" and s2.numero == f"BINAM-{annee}-002"
    assert s1.statut == S.EN_ANALYSE
    assert s1.repartitions.count() == 2
    assert Transition.objects.filter(subvention=s1, vers=S.EN_ANALYSE).exists()
    assert s1.history.count() == 1


def test_numero_jamais_reutilise_apres_annulation(agent, gestionnaire, organisme, programme):
    s1 = creer(agent, organisme, programme)
    services.subvention_annuler(subvention=s1, par=agent, commentaire="Projet retiré")
    s2 = creer(agent, organisme, programme)
    assert s2.numero.endswith("-002")


def test_seul_un_agent_cree(gestionnaire, organisme, programme):
    with pytest.raises(PermissionDenied):
        creer(gestionnaire, organisme, programme)
    assert not Subvention.objects.exists()


@pytest.mark.parametrize(
    ("repartitions", "message"),
    [
        ([{"exercice": 2026, "montant": D("20000")}], "doivent être égaux"),
        (
            [{"exercice": 2026, "montant": D("25000")}, {"exercice": 2026, "montant": D("25000")}],
            "une fois",
        ),
        (
            [{"exercice": 2026, "montant": D("25000")}, {"exercice": 2029, "montant": D("25000")}],
            "hors de la période",
        ),
    ],
)
def test_repartition_invalide_refusee(agent, organisme, programme, repartitions, message):
    with pytest.raises(ValidationError) as erreur:
        creer(agent, organisme, programme, repartitions=repartitions)
    assert message in " ".join(erreur.value.messages)
    assert not Subvention.objects.exists()


def test_service_d_un_autre_organisme_refuse(agent, organisme, autre_organisme, programme):
    service = ServiceFactory(organisme=autre_organisme)
    with pytest.raises(ValidationError, match="autre organisme"):
        services.subvention_creer(
            par=agent,
            champs=champs(organisme, programme, agent),
            repartitions=[{"exercice": 2026, "montant": D("50000")}],
            services_finances=[
                {"service": service, "participants_cibles": 10, "montant": D("1000")}
            ],
        )


def test_parts_des_services_plafonnees(agent, organisme, programme):
    service = ServiceFactory(organisme=organisme)
    with pytest.raises(ValidationError, match="dépassent"):
        services.subvention_creer(
            par=agent,
            champs=champs(organisme, programme, agent),
            repartitions=[{"exercice": 2026, "montant": D("50000")}],
            services_finances=[
                {"service": service, "participants_cibles": 10, "montant": D("50000.01")}
            ],
        )


# --- Editing and version conflicts ---------------------------------------------------------


def test_modification_et_conflit_de_version(agent, organisme, programme):
    s = creer(agent, organisme, programme)
    version_ouverte = s.version
    repart = [{"exercice": 2026, "montant": D("25000")}, {"exercice": 2027, "montant": D("25000")}]
    services.subvention_modifier(
        subvention=s,
        par=agent,
        version=version_ouverte,
        champs={"titre": "Nouveau titre"},
        repartitions=repart,
    )
    with pytest.raises(ValidationError, match="Quelqu'un d'autre"):
        services.subvention_modifier(
            subvention=s,
            par=agent,
            version=version_ouverte,
            champs={"titre": "Titre périmé"},
            repartitions=repart,
        )
    s.refresh_from_db()
    assert s.titre == "Nouveau titre"
    assert s.version == version_ouverte + 1


def test_seul_l_agent_responsable_modifie(agent, autre_agent, organisme, programme):
    s = creer(agent, organisme, programme)
    with pytest.raises(PermissionDenied):
        services.subvention_modifier(
            subvention=s, par=autre_agent, version=s.version, champs={"titre": "X"}, repartitions=[]
        )


def test_modification_remplace_la_repartition_avec_historique(agent, organisme, programme):
    s = creer(agent, organisme, programme)
    services.subvention_modifier(
        subvention=s,
        par=agent,
        version=s.version,
        champs={"montant_accorde": D("30000")},
        repartitions=[{"exercice": 2026, "montant": D("30000")}],
    )
    assert list(s.repartitions.values_list("exercice", "montant")) == [(2026, D("30000"))]
    from subventions.models import Repartition

    assert Repartition.history.filter(subvention_id=s.pk, history_type="-").count() == 1


# --- Lifecycle -------------------------------------------------------------------------------


def approuver(s, gestionnaire, **kw):
    return services.subvention_approuver(
        subvention=s,
        par=gestionnaire,
        numero_resolution="CE26 1234",
        date_decision=datetime.date(2026, 3, 1),
        **kw,
    )


def faire(s, par, action, commentaire=""):
    """Takes a lifecycle step through its own service (signing needs its date and the signed
    agreement, and creates the schedule and the reporting obligations)."""
    if action == "signer":
        from versements.services.signature import convention_signer

        return convention_signer(
            subvention=s,
            par=par,
            date_signature=timezone.localdate(),
            document=SimpleUploadedFile("convention.pdf", PDF_MINIMAL, "application/pdf"),
            commentaire=commentaire,
        )
    return services.SERVICES_SIMPLES[action](subvention=s, par=par, commentaire=commentaire)


def test_parcours_complet(agent, gestionnaire, organisme, programme):
    s = creer(agent, organisme, programme)
    s = services.subvention_recommander(subvention=s, par=agent)
    s = approuver(s, gestionnaire, numero_gdd="1234567890")
    assert s.statut == S.APPROUVEE and s.numero_resolution == "CE26 1234"
    for action in ("signer", "demarrer", "terminer"):
        s = faire(s, agent, action)
    # Closing needs the final report accepted and every instalment settled (domain.md;
    # tests/reddition/test_fermeture.py): signing created both.
    from reddition.services import obligations as reddition
    from versements.services import paiements

    # The grant runs over two exercices: the rapport d'étape on the first year releases the
    # second year's part, the final report the last 20 %.
    rapports = s.obligations.filter(type__in=["rapport_etape", "rapport_final"])
    assert rapports.filter(type="rapport_etape").exists()
    for rapport in rapports.order_by("date_echeance"):
        reddition.obligation_marquer_soumise(obligation=rapport, par=agent)
        reddition.obligation_accepter(obligation=rapport, par=agent)
    for versement in s.versements.order_by("rang"):
        versement = paiements.versement_autoriser(versement=versement, par=gestionnaire)
        paiements.versement_payer(
            versement=versement,
            par=agent,
            date_paiement=timezone.localdate(),
            reference=f"R-{versement.rang}",
        )
    s = faire(s, agent, "fermer")
    assert s.statut == S.FERMEE
    etapes = list(s.transitions.values_list("de", "vers"))
    assert etapes == [
        ("", S.EN_ANALYSE),
        (S.EN_ANALYSE, S.RECOMMANDEE),
        (S.RECOMMANDEE, S.APPROUVEE),
        (S.APPROUVEE, S.CONVENTION_SIGNEE),
        (S.CONVENTION_SIGNEE, S.EN_COURS),
        (S.EN_COURS, S.TERMINEE),
        (S.TERMINEE, S.FERMEE),
    ]
    assert s.transitions.get(vers=S.APPROUVEE).par == gestionnaire


@pytest.mark.parametrize(
    ("action", "statut_depart"),
    [
        ("approuver", S.EN_ANALYSE),
        ("signer", S.RECOMMANDEE),
        ("demarrer", S.APPROUVEE),
        ("terminer", S.CONVENTION_SIGNEE),
        ("fermer", S.EN_COURS),
        ("recommander", S.APPROUVEE),
        ("refuser", S.APPROUVEE),
        ("annuler", S.FERMEE),
        ("annuler", S.REFUSEE),
    ],
)
def test_transition_depuis_un_mauvais_statut(agent, gestionnaire, action, statut_depart):
    s = SubventionFactory(agent=agent, statut=statut_depart)
    RepartitionFactory(subvention=s)
    par = gestionnaire if action in ("approuver", "annuler") else agent
    with pytest.raises(ValidationError, match="est impossible"):
        if action == "approuver":
            approuver(s, gestionnaire)
        else:
            faire(s, par, action, "x")
    s.refresh_from_db()
    assert s.statut == statut_depart
    assert not s.transitions.exists()


@pytest.mark.parametrize(
    ("action", "statut_depart", "role"),
    [
        ("recommander", S.EN_ANALYSE, "gestionnaire"),
        ("recommander", S.EN_ANALYSE, "autre_agent"),
        ("approuver", S.RECOMMANDEE, "agent"),
        ("refuser", S.RECOMMANDEE, "autre_agent"),
        ("signer", S.APPROUVEE, "autre_agent"),
        ("annuler", S.EN_COURS, "agent"),
        ("fermer", S.TERMINEE, "administrateur"),
        ("recommander", S.EN_ANALYSE, "partenaire"),
    ],
)
def test_transition_refusee_au_mauvais_role(request, agent, action, statut_depart, role):
    s = SubventionFactory(agent=agent, statut=statut_depart)
    RepartitionFactory(subvention=s)
    par = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        if action == "approuver":
            approuver(s, par)
        else:
            faire(s, par, action, "x")
    s.refresh_from_db()
    assert s.statut == statut_depart


def test_recommander_exige_une_repartition_complete(agent):
    s = SubventionFactory(agent=agent, montant_accorde=D("40000"))
    RepartitionFactory(subvention=s, montant=D("39999.99"))
    with pytest.raises(ValidationError, match="doit égaler"):
        services.subvention_recommander(subvention=s, par=agent)
    s.refresh_from_db()
    assert s.statut == S.EN_ANALYSE


def test_approuver_exige_la_resolution(agent, gestionnaire):
    s = SubventionFactory(agent=agent, statut=S.RECOMMANDEE)
    RepartitionFactory(subvention=s)
    with pytest.raises(ValidationError, match="résolution"):
        services.subvention_approuver(
            subvention=s, par=gestionnaire, numero_resolution="", date_decision=None
        )
    with pytest.raises(ValidationError):
        services.subvention_approuver(
            subvention=s,
            par=gestionnaire,
            numero_resolution="CE 12",
            date_decision=datetime.date.today(),
        )
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE and s.numero_resolution == ""


def test_un_gestionnaire_n_approuve_pas_son_propre_dossier(organisme, programme):
    from tests.factories import UserFactory

    double = UserFactory(username="double-role", roles=["agent", "gestionnaire"])
    s = SubventionFactory(agent=double, statut=S.RECOMMANDEE, programme=programme)
    RepartitionFactory(subvention=s)
    with pytest.raises(PermissionDenied, match="autre gestionnaire"):
        approuver(s, double)


@pytest.mark.parametrize("action", ["refuser", "annuler"])
def test_refus_et_annulation_exigent_une_raison(agent, gestionnaire, action):
    s = SubventionFactory(agent=agent, statut=S.RECOMMANDEE)
    with pytest.raises(ValidationError, match="raison"):
        faire(s, gestionnaire, action, " ")
    s = faire(s, gestionnaire, action, "Hors des priorités du programme")
    assert s.statut in (S.REFUSEE, S.ANNULEE)
    assert s.transitions.last().commentaire == "Hors des priorités du programme"
    if action == "annuler":
        assert s.motif_annulation == "Hors des priorités du programme"


# --- Envelope control -----------------------------------------------------------------------


def _recommandee(agent, programme, montant, exercice=2026):
    s = SubventionFactory(
        agent=agent, statut=S.RECOMMANDEE, programme=programme, montant_accorde=montant
    )
    RepartitionFactory(subvention=s, exercice=exercice, montant=montant)
    return s


def test_enveloppe_depassee_refusee_sans_derogation(agent, gestionnaire, programme):
    approuver(_recommandee(agent, programme, D("80000")), gestionnaire)
    s = _recommandee(agent, programme, D("20000.01"))
    with pytest.raises(ValidationError, match="dépasse l'enveloppe"):
        approuver(s, gestionnaire)
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE
    assert not DerogationEnveloppe.objects.exists()


def test_enveloppe_exactement_atteinte_acceptee(agent, gestionnaire, programme):
    approuver(_recommandee(agent, programme, D("80000")), gestionnaire)
    s = approuver(_recommandee(agent, programme, D("20000")), gestionnaire)
    assert s.statut == S.APPROUVEE


def test_derogation_enregistree_avec_sa_raison(agent, gestionnaire, programme):
    approuver(_recommandee(agent, programme, D("80000")), gestionnaire)
    s = approuver(
        _recommandee(agent, programme, D("30000")),
        gestionnaire,
        derogation_raison="Priorité du comité exécutif: afflux de demandeurs d'asile",
    )
    assert s.statut == S.APPROUVEE
    derogation = DerogationEnveloppe.objects.get(subvention=s)
    assert derogation.exercice == 2026 and derogation.depassement == D("10000")
    assert derogation.par == gestionnaire and "afflux" in derogation.raison
    assert "Dérogation" in s.transitions.last().commentaire


def test_exercice_sans_enveloppe_exige_une_derogation(agent, gestionnaire, programme):
    s = SubventionFactory(
        agent=agent,
        statut=S.RECOMMANDEE,
        programme=programme,
        montant_accorde=D("1000"),
        date_debut=datetime.date(2028, 1, 1),
        date_fin=datetime.date(2028, 12, 31),
    )
    RepartitionFactory(subvention=s, exercice=2028, montant=D("1000"))
    with pytest.raises(ValidationError, match="dépasse"):
        approuver(s, gestionnaire)


def test_les_dossiers_refuses_ou_en_analyse_n_engagent_rien(agent, gestionnaire, programme):
    _recommandee(agent, programme, D("90000"))  # recommended, not approved: not committed
    s = approuver(_recommandee(agent, programme, D("100000")), gestionnaire)
    assert s.statut == S.APPROUVEE


def test_qui_a_recommande_ne_peut_pas_approuver(organisme, programme, autre_agent):
    from tests.factories import UserFactory

    double = UserFactory(username="double-role-2", roles=["agent", "gestionnaire"])
    s = creer(double, organisme, programme)
    s = services.subvention_recommander(subvention=s, par=double)
    # Handing the file to a colleague afterwards does not make the recommender an approver.
    Subvention.objects.filter(pk=s.pk).update(agent=autre_agent)
    with pytest.raises(PermissionDenied, match="recommandé"):
        approuver(s, double)
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE


def test_dossier_recommande_fige_puis_renvoye_en_analyse(agent, gestionnaire, organisme, programme):
    s = services.subvention_recommander(subvention=creer(agent, organisme, programme), par=agent)
    with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
        services.subvention_modifier(
            subvention=s,
            par=agent,
            version=s.version,
            champs={"montant_accorde": D("0")},
            repartitions=[],
        )
    with pytest.raises(ValidationError, match="raison"):
        faire(s, gestionnaire, "renvoyer")
    s = faire(s, gestionnaire, "renvoyer", "Préciser les cibles de participants")
    assert s.statut == S.EN_ANALYSE
    assert s.transitions.last().de == S.RECOMMANDEE
    services.subvention_modifier(
        subvention=s,
        par=agent,
        version=s.version,
        champs={"titre": "Projet précisé"},
        repartitions=[
            {"exercice": 2026, "montant": D("25000")},
            {"exercice": 2027, "montant": D("25000")},
        ],
    )
