"""The work queue lists a row exactly when the action it leads to would pass.

Each section of /travail/ is a selector filtered by the rule of its action (noyau.regles); here,
for each role (the file's agent, another agent, a manager, someone holding both), every row of
a small set of files (every status that matters, a cancelled grant among them) is listed in a
section if and only if that same rule, asked row by row, says yes. The rows are built once per
role (one test each), and each test walks every section × row.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from noyau.permissions import peut
from organismes import services as organismes_services
from organismes.membres import organisme_id_de
from organismes.models import Contact, Document, Organisme
from reddition.models import Obligation
from reddition.selectors import HORIZON_JOURS
from reddition.travail import SECTIONS
from subventions.cycle import ETAPES, peut_faire
from subventions.models import Subvention
from subventions.selectors import ETAPES_QUI_FONT_AVANCER
from tests.factories import (
    DocumentFactory,
    SubventionFactory,
    TransitionFactory,
    VersementFactory,
)
from tests.factories import (
    obligation_due_dans as _obligation,
)
from versements.models import ModificationEcheancier, Versement
from versements.services import paiements

S = Subvention.Statut
V = Versement.Statut
C = Versement.Condition
T = Obligation.Type
ST = Obligation.Statut
JOUR = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


def _dans_l_horizon(obligation):
    return obligation.date_echeance <= timezone.localdate() + HORIZON_JOURS * JOUR


def _a_renouveler(document):
    """In force (no newer version) and expiring between today and the horizon."""
    aujourd_hui = timezone.localdate()
    return (
        not Document.objects.filter(remplace=document).exists()
        and document.date_validite is not None
        and aujourd_hui <= document.date_validite <= aujourd_hui + HORIZON_JOURS * JOUR
    )


def _modifie_par_l_organisme(organisme):
    """One of its own members changed its record, a contact or a document in the window."""
    depuis = timezone.now() - HORIZON_JOURS * JOUR
    historiques = (
        Organisme.history.filter(id=organisme.pk),
        Contact.history.filter(organisme_id=organisme.pk),
        Document.history.filter(organisme_id=organisme.pk),
    )
    return any(
        ligne.history_user is not None and organisme_id_de(ligne.history_user) == organisme.pk
        for historique in historiques
        for ligne in historique.filter(history_date__gte=depuis)
    )


# The action each section leads to, asked of one row with the same rules as the action's page
# and service. mes-dossiers: one of the steps that move the user's own file forward.
ACTIONS = {
    "mes-dossiers": lambda user, s: (
        s.agent_id == user.pk
        and any(peut_faire(user, ETAPES[a], s) for a in ETAPES_QUI_FONT_AVANCER)
    ),
    "a-approuver": lambda user, s: peut_faire(user, ETAPES["approuver"], s),
    "versements-a-autoriser": lambda user, v: peut(user, "versements.autoriser", v),
    "versements-a-payer": lambda user, v: peut(user, "versements.payer", v),
    "modifications-echeancier": lambda user, m: peut(user, "versements.approuver_modification", m),
    "obligations": lambda user, o: (
        _dans_l_horizon(o) and peut(user, "reddition.marquer_soumise", o)
    ),
    "rapports-a-examiner": lambda user, o: peut(user, "reddition.accepter", o),
    # An agent renews an organisation's document, and checks (and corrects) a profile its
    # organisation changed: rules on the role only.
    "documents": lambda user, d: (
        _a_renouveler(d) and peut(user, "organismes.gerer_documents", d.organisme)
    ),
    "profils-modifies": lambda user, o: (
        _modifie_par_l_organisme(o) and peut(user, "organismes.modifier_organisme", o)
    ),
}
MODELES = {
    "mes-dossiers": Subvention,
    "a-approuver": Subvention,
    "versements-a-autoriser": Versement,
    "versements-a-payer": Versement,
    "modifications-echeancier": ModificationEcheancier,
    "obligations": Obligation,
    "rapports-a-examiner": Obligation,
    "documents": Document,
    "profils-modifies": Organisme,
}


def _modification(subvention, par, **decision):
    return ModificationEcheancier.objects.create(
        subvention=subvention,
        version=0,
        motif="Démarrage avancé",
        propose_par=par,
        propose_le=timezone.now(),
        **decision,
    )


@pytest.fixture
def monde(organisme, autre_organisme, agent, autre_agent, cumul, partenaire):
    """A few files of each status that matters, on two agents' desks and the cumul's."""
    dossiers = {}
    for nom, statut, responsable in (
        ("analyse", S.EN_ANALYSE, agent),
        ("recommandee", S.RECOMMANDEE, agent),
        ("recommandee_cumul", S.RECOMMANDEE, cumul),
        ("approuvee", S.APPROUVEE, agent),
        ("signee", S.CONVENTION_SIGNEE, agent),
        ("en_cours", S.EN_COURS, agent),
        ("en_cours_autre", S.EN_COURS, autre_agent),
        ("en_cours_cumul", S.EN_COURS, cumul),
        ("annulee", S.ANNULEE, agent),
        ("fermee", S.FERMEE, agent),
    ):
        dossiers[nom] = SubventionFactory(organisme=organisme, agent=responsable, statut=statut)
    # The cumul recommended a file it does not hold: it may not approve that one either.
    recommandee_par_cumul = SubventionFactory(
        organisme=autre_organisme, agent=autre_agent, statut=S.RECOMMANDEE
    )
    TransitionFactory(subvention=recommandee_par_cumul, par=cumul)
    dossiers["recommandee_par_cumul"] = recommandee_par_cumul
    for nom in ("signee", "en_cours", "en_cours_autre", "en_cours_cumul", "annulee", "fermee"):
        s = dossiers[nom]
        VersementFactory(subvention=s, rang=1, statut=V.AUTORISE)
        VersementFactory(subvention=s, rang=2)
        VersementFactory(subvention=s, rang=3, condition=C.RAPPORT_FINAL)
        VersementFactory(
            subvention=s,
            rang=4,
            statut=V.PAYE,
            reference_paiement=f"R-{s.pk}",
            date_paiement=datetime.date(2026, 2, 1),
        )
        _obligation(s, -5)
        _obligation(s, 10, type=T.ETATS_FINANCIERS, statut=ST.A_CORRIGER)
        _obligation(s, 90, type=T.RAPPORT_FINAL)
        _obligation(s, -40, type=T.RAPPORT_ETAPE, statut=ST.SOUMIS)
    # Separation of duties: the cumul authorised one instalment of its own file (not its to
    # pay), a manager another (its to pay).
    VersementFactory(
        subvention=dossiers["en_cours_cumul"], rang=5, statut=V.AUTORISE, autorise_par=cumul
    )
    # Proposed schedule changes: by each file's agent (the cumul's own among them), on a
    # cancelled grant, and one already refused.
    for nom, par in (
        ("en_cours", agent),
        ("en_cours_cumul", cumul),
        ("en_cours_autre", autre_agent),
        ("annulee", agent),
        ("signee", agent),
    ):
        _modification(dossiers[nom], par)
    _modification(
        dossiers["en_cours"],
        agent,
        statut="refusee",
        decide_par=cumul,
        decide_le=timezone.now(),
        motif_refus="Non",
    )
    # Documents: in force and expiring soon, later, already expired, and one replaced.
    aujourd_hui = timezone.localdate()
    for proprietaire, dans_jours in ((organisme, 10), (organisme, 90), (autre_organisme, -1)):
        DocumentFactory(organisme=proprietaire, date_validite=aujourd_hui + dans_jours * JOUR)
    ancien = DocumentFactory(organisme=autre_organisme, date_validite=aujourd_hui + 5 * JOUR)
    DocumentFactory(
        organisme=autre_organisme, remplace=ancien, date_validite=aujourd_hui + 20 * JOUR
    )
    # Profiles: the organisation changes its own; the staff's change to another is not one.
    organismes_services.organisme_modifier_profil(
        organisme=organisme, par=partenaire, version=organisme.version, mission="Nouvelle"
    )
    organismes_services.organisme_modifier(
        organisme=autre_organisme, par=agent, version=None, mission="Par l'agent"
    )
    return dossiers


def _verifier(user):
    listes = {}
    for slug, action in ACTIONS.items():
        section = SECTIONS[slug]
        listes[slug] = set()
        # A section the user does not see lists nothing: its action must then pass on no row.
        if peut(user, section.permission):
            listes[slug] = set(section.lignes(user).values_list("pk", flat=True))
        for ligne in MODELES[slug].objects.all():
            attendu = bool(action(user, ligne))
            assert (ligne.pk in listes[slug]) == attendu, (
                f"{slug}: {ligne} {'absent' if attendu else 'listé'} pour {user.username}"
            )
    return listes


@pytest.mark.parametrize("role", ["agent", "autre_agent", "gestionnaire", "cumul"])
def test_chaque_section_liste_exactement_ce_que_son_action_accepte(request, monde, role):
    user = request.getfixturevalue(role)
    listes = _verifier(user)
    # Not a vacuous check: each role finds something to do, an agent in the role-only sections.
    assert any(listes.values())
    if peut(user, "reddition.voir_travail_agent"):
        assert listes["documents"] and listes["profils-modifies"]


def test_le_versement_autorise_d_une_subvention_annulee_n_est_pas_a_payer(monde, agent):
    autorise = monde["annulee"].versements.get(statut=V.AUTORISE)
    assert autorise.pk not in set(
        SECTIONS["versements-a-payer"].lignes(agent).values_list("pk", flat=True)
    )
    # ... because paying it is refused, with the rule's reason.
    with pytest.raises(PermissionDenied, match="aucun paiement n'y est possible"):
        paiements.versement_payer(
            versement=autorise,
            par=agent,
            date_paiement=timezone.localdate(),
            reference="REF-ANNULEE",
        )
    en_cours = monde["en_cours"].versements.get(statut=V.AUTORISE)
    assert en_cours.pk in set(
        SECTIONS["versements-a-payer"].lignes(agent).values_list("pk", flat=True)
    )


def test_le_cumul_ne_trouve_pas_a_approuver_ce_qu_il_a_instruit(monde, cumul, gestionnaire):
    a_approuver = set(SECTIONS["a-approuver"].lignes(cumul).values_list("pk", flat=True))
    assert monde["recommandee_cumul"].pk not in a_approuver
    assert monde["recommandee_par_cumul"].pk not in a_approuver
    assert monde["recommandee"].pk in a_approuver
    pour_le_gestionnaire = SECTIONS["a-approuver"].lignes(gestionnaire)
    assert set(pour_le_gestionnaire.values_list("pk", flat=True)) >= {
        monde["recommandee_cumul"].pk,
        monde["recommandee_par_cumul"].pk,
    }


def test_le_cumul_ne_trouve_pas_a_payer_ce_qu_il_a_autorise(monde, cumul):
    a_payer = set(SECTIONS["versements-a-payer"].lignes(cumul).values_list("pk", flat=True))
    autorises = monde["en_cours_cumul"].versements.filter(statut=V.AUTORISE)
    par_lui = autorises.get(autorise_par=cumul)
    assert par_lui.pk not in a_payer
    assert autorises.exclude(pk=par_lui.pk).get().pk in a_payer


def test_le_cumul_ne_trouve_pas_a_approuver_sa_propre_modification(monde, cumul, gestionnaire):
    section = SECTIONS["modifications-echeancier"]
    a_approuver = set(section.lignes(cumul).values_list("subvention", flat=True))
    assert monde["en_cours_cumul"].pk not in a_approuver
    assert monde["en_cours"].pk in a_approuver
    assert monde["en_cours_cumul"].pk in set(
        section.lignes(gestionnaire).values_list("subvention", flat=True)
    )
