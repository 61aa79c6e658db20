"""Schedule changes after signature: what makes money payable sooner or with less proof is
proposed by the agent with a reason and applied only when another person, a manager, approves
it; delays and stronger conditions apply at once; the last instalment waits for the final
report, by edit and by proposal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from noyau.versions import ConflitDeVersion
from versements.models import ModificationEcheancier, Versement
from versements.services import echeancier as services
from versements.services import modifications

V = Versement.Statut
C = Versement.Condition
M = ModificationEcheancier.Statut
pytestmark = pytest.mark.django_db

D = datetime.date
SIG, ETAPE, FINAL = C.SIGNATURE, C.RAPPORT_ETAPE, C.RAPPORT_FINAL
FIN = D(2027, 3, 1)  # the final instalment's date in the classification table's schedule
# The signed grant of tests/versements/conftest.py: its one exercice (2026) holds every
# instalment, the final one planned on its last day.
FIN_SIGNEE = D(2026, 12, 31)


def l(montant, condition, date, versement=None):  # noqa: E743 - one letter keeps the table legible
    return {
        "montant": Decimal(montant),
        "condition": condition,
        "date_prevue": date,
        "versement": versement,
    }


# The default 80/20 schedule of a grant of 100 000 $ (tests/versements/conftest.py).
DEFAUT = [l("80000", SIG, D(2026, 1, 20), 1), l("20000", FINAL, D(2027, 3, 1), 2)]

# (what the agent types, made payable sooner?) — every case from domain.md and issue 19.
CAS = {
    "inchangé": (DEFAUT, False),
    "condition finale → signature (le cas signalé)": (
        [DEFAUT[0], l("20000", SIG, D(2027, 3, 1), 2)],
        True,
    ),
    "condition finale → rapport d'étape": ([DEFAUT[0], l("20000", ETAPE, D(2027, 3, 1), 2)], True),
    "condition d'étape → finale (plus de preuve)": (
        [l("80000", ETAPE, D(2026, 1, 20), 1), DEFAUT[1]],
        False,
    ),
    "montant avancé vers le premier versement": (
        [l("90000", SIG, D(2026, 1, 20), 1), l("10000", FINAL, D(2027, 3, 1), 2)],
        True,
    ),
    "montant reporté vers le dernier versement": (
        [l("70000", SIG, D(2026, 1, 20), 1), l("30000", FINAL, D(2027, 3, 1), 2)],
        False,
    ),
    "date avancée dans un exercice antérieur": (
        [DEFAUT[0], l("20000", FINAL, D(2026, 12, 15), 2)],
        True,
    ),
    "date avancée dans le même exercice": (
        [DEFAUT[0], l("20000", FINAL, D(2027, 2, 1), 2)],
        True,
    ),
    "date reportée": ([l("80000", SIG, D(2026, 3, 1), 1), DEFAUT[1]], False),
    "nouvelle ligne plus faible que l'argent qu'elle prend": (
        [DEFAUT[0], l("10000", SIG, D(2027, 3, 1)), l("10000", FINAL, D(2027, 3, 1), 2)],
        True,
    ),
    "nouvelle ligne plus tôt que l'argent qu'elle prend": (
        [DEFAUT[0], l("10000", FINAL, D(2026, 6, 1)), l("10000", FINAL, D(2027, 3, 1), 2)],
        True,
    ),
    "nouvelle ligne d'étape prise sur le premier versement (plus de preuve)": (
        [l("50000", SIG, D(2026, 1, 20), 1), l("30000", ETAPE, D(2026, 9, 1)), DEFAUT[1]],
        False,
    ),
    "nouvelle ligne d'étape plus tôt que le premier versement": (
        [l("50000", SIG, D(2026, 1, 20), 1), l("30000", ETAPE, D(2026, 1, 5)), DEFAUT[1]],
        True,
    ),
    "premier versement retiré, tout sur le rapport final": (
        [l("100000", FINAL, D(2027, 3, 1), 2)],
        False,
    ),
}


@pytest.mark.parametrize("cas", list(CAS))
def test_classement(cas):
    apres, attendu = CAS[cas]
    assert modifications.rend_payable_plus_tot(DEFAUT, apres) is attendu


def test_classement_echange_de_conditions_meme_montant_meme_date():
    avant = [l("50000", SIG, D(2026, 6, 1), 1), l("50000", FINAL, D(2026, 6, 1), 2)]
    apres = [l("50000", FINAL, D(2026, 6, 1), 1), l("50000", SIG, D(2026, 6, 1), 2)]
    # The same money, on the same proof, at the same date: nothing can leave sooner.
    assert not modifications.rend_payable_plus_tot(avant, apres)
    plus_tot = [l("50000", FINAL, D(2026, 6, 1), 1), l("50000", SIG, D(2026, 5, 1), 2)]
    assert modifications.rend_payable_plus_tot(avant, plus_tot)


@pytest.mark.parametrize(
    ("lignes", "message"),
    [
        ([l("100000", SIG, D(2026, 1, 20))], "Aucun versement n'attend"),
        (
            [l("80000", FINAL, D(2026, 1, 20)), l("20000", SIG, D(2027, 3, 1))],
            "viendrait après le dernier versement sur le rapport final",
        ),
    ],
)
def test_dernier_versement_sur_le_rapport_final(lignes, message):
    with pytest.raises(ValidationError, match=message):
        modifications.verifier_dernier_versement(lignes)


def test_dernier_versement_accepte():
    modifications.verifier_dernier_versement(
        [l("80000", SIG, D(2026, 1, 20)), l("20000", FINAL, D(2027, 3, 1))]
    )


# --- Services on a signed grant --------------------------------------------------------------


def _lignes(premier, dernier, condition_dernier=SIG, date_dernier=FIN_SIGNEE, date_premier=None):
    return [
        l("80000", SIG, date_premier or premier.date_prevue, premier.pk),
        l("20000", condition_dernier, date_dernier, dernier.pk),
    ]


# A change that only delays: the first instalment planned later in its exercice.
REPORT = D(2026, 3, 1)


def _etape(premier, dernier):
    """The final 20 % split: 10 000 $ moved onto the progress report, 10 000 $ still final."""
    return [
        l("80000", SIG, premier.date_prevue, premier.pk),
        l("10000", ETAPE, D(2026, 9, 1)),
        l("10000", FINAL, FIN_SIGNEE, dernier.pk),
    ]


def _proposer(signee, agent, lignes, motif="Le projet a démarré plus tôt que prévu."):
    return modifications.echeancier_proposer(
        subvention=signee,
        par=agent,
        version=services.version_echeancier(signee),
        lignes=lignes,
        motif=motif,
    )


def _etat(signee):
    return list(signee.versements.order_by("rang").values_list("montant", "condition", "statut"))


def test_le_cas_signale_ne_s_applique_plus_directement(signee, premier, dernier, agent):
    """The 20 % on the final report turned into "à la signature": refused as an edit (it is not
    the last instalment on the final report any more), with the reason."""
    avant = _etat(signee)
    with pytest.raises(ValidationError, match="rapport final"):
        services.echeancier_modifier(
            subvention=signee,
            par=agent,
            version=services.version_echeancier(signee),
            lignes=_lignes(premier, dernier),
        )
    with pytest.raises(ValidationError, match="rapport final"):
        _proposer(signee, agent, _lignes(premier, dernier))
    assert _etat(signee) == avant and not ModificationEcheancier.objects.exists()


def test_un_affaiblissement_n_est_pas_applique_par_l_agent(signee, premier, dernier, agent):
    avant = _etat(signee)
    with pytest.raises(ValidationError) as erreur:
        services.echeancier_modifier(
            subvention=signee,
            par=agent,
            version=services.version_echeancier(signee),
            lignes=_etape(premier, dernier),
        )
    assert erreur.value.code == "a_proposer"
    assert _etat(signee) == avant


def test_proposer_puis_approuver(signee, premier, dernier, agent, gestionnaire):
    avant = _etat(signee)
    modification = _proposer(signee, agent, _etape(premier, dernier))
    assert modification.statut == M.PROPOSEE and modification.propose_par == agent
    assert modification.lignes[1] == {
        "versement": None,
        "montant": "10000",
        "date_prevue": "2026-09-01",
        "condition": "rapport_etape",
        "exercice": 2026,
    }
    assert [ligne["versement"] for ligne in modification.avant] == [premier.pk, dernier.pk]
    # Nothing changes until a manager approves.
    assert _etat(signee) == avant
    modifications.modification_echeancier_approuver(modification=modification, par=gestionnaire)
    modification.refresh_from_db()
    assert (modification.statut, modification.decide_par) == (M.APPROUVEE, gestionnaire)
    assert modification.decide_le is not None
    assert _etat(signee) == [
        (Decimal("80000.00"), SIG, V.PREVU),
        (Decimal("10000.00"), FINAL, V.PREVU),
        (Decimal("10000.00"), ETAPE, V.PREVU),
    ]
    # Both steps are in the history, with their authors.
    historique = modification.history.order_by("history_id")
    assert [(h.history_user, h.history_change_reason) for h in historique] == [
        (agent, "Modification de l'échéancier proposée"),
        (gestionnaire, "Modification de l'échéancier approuvée"),
    ]
    assert dernier.history.latest("history_id").history_user == gestionnaire


def test_refuser_avec_motif(signee, premier, dernier, agent, gestionnaire):
    avant = _etat(signee)
    modification = _proposer(signee, agent, _etape(premier, dernier))
    with pytest.raises(ValidationError, match="motif du refus"):
        modifications.modification_echeancier_refuser(
            modification=modification, par=gestionnaire, motif_refus="  "
        )
    modifications.modification_echeancier_refuser(
        modification=modification, par=gestionnaire, motif_refus="Le rapport d'étape d'abord."
    )
    modification.refresh_from_db()
    assert modification.statut == M.REFUSEE and modification.decide_par == gestionnaire
    assert modification.motif_refus == "Le rapport d'étape d'abord."
    assert _etat(signee) == avant
    # Decided: neither approved nor refused again.
    with pytest.raises(ValidationError, match="déjà « Refusée »"):
        modifications.modification_echeancier_approuver(modification=modification, par=gestionnaire)


def test_le_motif_est_requis(signee, premier, dernier, agent):
    with pytest.raises(ValidationError) as erreur:
        _proposer(signee, agent, _etape(premier, dernier), motif=" ")
    assert erreur.value.code == "motif"
    assert not ModificationEcheancier.objects.exists()


def test_un_report_ne_se_propose_pas(signee, premier, dernier, agent):
    report = _lignes(premier, dernier, condition_dernier=FINAL, date_premier=REPORT)
    with pytest.raises(ValidationError, match="enregistrez-le directement"):
        _proposer(signee, agent, report)


@pytest.mark.parametrize("role", ["autre_agent", "gestionnaire", "partenaire"])
def test_seul_l_agent_responsable_propose(request, signee, premier, dernier, role):
    with pytest.raises(PermissionDenied):
        _proposer(signee, request.getfixturevalue(role), _etape(premier, dernier))


def test_formulaire_perime_a_la_proposition(signee, premier, dernier, agent):
    version = services.version_echeancier(signee)
    services.echeancier_modifier(
        subvention=signee,
        par=agent,
        version=version,
        lignes=_lignes(premier, dernier, condition_dernier=FINAL, date_premier=REPORT),
    )
    with pytest.raises(ConflitDeVersion):
        modifications.echeancier_proposer(
            subvention=signee,
            par=agent,
            version=version,
            lignes=_etape(premier, dernier),
            motif="Motif",
        )


def test_une_proposition_perimee_est_refusee_a_l_approbation(
    signee, premier, dernier, agent, gestionnaire
):
    modification = _proposer(signee, agent, _etape(premier, dernier))
    # The agent delays the first instalment meanwhile (applies at once): the schedule moved.
    services.echeancier_modifier(
        subvention=signee,
        par=agent,
        version=services.version_echeancier(signee),
        lignes=_lignes(premier, dernier, condition_dernier=FINAL, date_premier=REPORT),
    )
    apres_report = _etat(signee)
    with pytest.raises(ValidationError, match="a changé depuis cette proposition") as erreur:
        modifications.modification_echeancier_approuver(modification=modification, par=gestionnaire)
    assert erreur.value.code == "perimee"
    modification.refresh_from_db()
    assert modification.statut == M.PROPOSEE and _etat(signee) == apres_report
    # It can still be refused, with that reason.
    modifications.modification_echeancier_refuser(
        modification=modification, par=gestionnaire, motif_refus="Échéancier modifié depuis."
    )


@pytest.fixture
def signee_du_cumul(signee, cumul):
    """The same grant, whose responsible agent is also a manager."""
    signee.agent = cumul
    signee.save()
    return signee


def test_qui_propose_ne_decide_pas_meme_gestionnaire(
    signee_du_cumul, premier, dernier, cumul, gestionnaire
):
    avant = _etat(signee_du_cumul)
    modification = _proposer(signee_du_cumul, cumul, _etape(premier, dernier))
    for decider, kwargs in (
        (modifications.modification_echeancier_approuver, {}),
        (modifications.modification_echeancier_refuser, {"motif_refus": "Retrait"}),
    ):
        with pytest.raises(PermissionDenied, match="un autre gestionnaire en décide"):
            decider(modification=modification, par=cumul, **kwargs)
    # Nor by going round the approval service.
    with pytest.raises(PermissionDenied, match="un autre gestionnaire en décide"):
        services.echeancier_modifier(
            subvention=signee_du_cumul,
            par=cumul,
            version=modification.version,
            lignes=modifications.depuis_json(modification.lignes),
            modification=modification,
        )
    assert _etat(signee_du_cumul) == avant
    modifications.modification_echeancier_approuver(modification=modification, par=gestionnaire)
    assert len(_etat(signee_du_cumul)) == 3


def test_la_base_refuse_un_decideur_qui_a_propose(signee, premier, dernier, agent):
    modification = _proposer(signee, agent, _etape(premier, dernier))
    modification.statut = M.APPROUVEE
    modification.decide_par = agent
    modification.decide_le = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        modification.save()


@pytest.mark.parametrize("role", ["agent", "autre_agent", "partenaire"])
def test_seul_un_gestionnaire_decide(request, signee, premier, dernier, agent, role):
    modification = _proposer(signee, agent, _etape(premier, dernier))
    with pytest.raises(PermissionDenied):
        modifications.modification_echeancier_approuver(
            modification=modification, par=request.getfixturevalue(role)
        )


def test_enregistrer_applique_un_report_et_propose_un_affaiblissement(
    signee, premier, dernier, agent
):
    report = _lignes(premier, dernier, condition_dernier=FINAL, date_premier=REPORT)
    assert (
        modifications.echeancier_enregistrer(
            subvention=signee,
            par=agent,
            version=services.version_echeancier(signee),
            lignes=report,
        )
        is None
    )
    premier.refresh_from_db()
    assert premier.date_prevue == REPORT
    with pytest.raises(ValidationError) as erreur:
        modifications.echeancier_enregistrer(
            subvention=signee,
            par=agent,
            version=services.version_echeancier(signee),
            lignes=_etape(premier, dernier),
        )
    assert erreur.value.code == "motif"
    proposee = modifications.echeancier_enregistrer(
        subvention=signee,
        par=agent,
        version=services.version_echeancier(signee),
        lignes=_etape(premier, dernier),
        motif="Étape intermédiaire demandée par l'organisme.",
    )
    assert proposee.statut == M.PROPOSEE


def test_deux_lignes_sur_le_meme_versement_sont_refusees(signee, premier, dernier, agent):
    """The sums would count both lines and the save would keep one: refused, nothing changes."""
    avant = _etat(signee)
    lignes = [
        l("80000", SIG, premier.date_prevue, premier.pk),
        l("10000", FINAL, FIN_SIGNEE, dernier.pk),
        l("10000", FINAL, FIN_SIGNEE, dernier.pk),
    ]
    for faire in (services.echeancier_modifier, modifications.echeancier_enregistrer):
        with pytest.raises(ValidationError, match="même versement") as erreur:
            faire(
                subvention=signee,
                par=agent,
                version=services.version_echeancier(signee),
                lignes=lignes,
            )
        assert erreur.value.code == "doublon"
    assert _etat(signee) == avant
