"""Every URL of the project × every role, with the expected answer.

Adding a URL without adding it here fails `test_chaque_url_est_dans_la_table`. "a" objects
belong to the partner's organisation and are assigned to the agent; "b" objects belong to
another organisation and another agent.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse

from subventions.cycle import ETAPES
from subventions.models import Subvention
from tests.factories import (
    ContactFactory,
    ConventionFactory,
    DocumentFactory,
    MembreFactory,
    ObligationFactory,
    OrganismeFactory,
    ProgrammeFactory,
    ServiceFactory,
    SubventionFactory,
    TransitionFactory,
    UserFactory,
    VersementFactory,
    compte_de_test,
    organisme_de_test,
    partenaire_de_test,
)
from tests.partage import donnees_du_module
from tests.permissions_admin import GENRES, ROLES_TABLE_ADMIN, construire_admin, lignes_admin
from versements.models import LotPaiement

User = get_user_model()

COLONNES = (
    "anonyme",
    "partenaire",  # the partner of organisation "a"
    "autre_partenaire",  # the partner of organisation "b"
    "agent",  # responsible for the "a" grants
    "autre_agent",  # responsible for the "b" grants
    "gestionnaire",
    "cumul",  # agent + gestionnaire, involved in no file
    "administrateur",
    "superutilisateur",  # Django's superuser flag, no business role
)
# The évaluateurs of a call's committee: "evaluateur" sits on call "a" (closed, being scored),
# "autre_evaluateur" on call "b" (open). Outside the calls' pages they hold no right at all.
EVALUATEURS = ("evaluateur", "autre_evaluateur")
COLONNES = (*COLONNES, *EVALUATEURS)


def sans_droit(statuts):
    """What an évaluateur gets where the row says nothing of it: what any signed-in account
    without a staff or partner right gets. Pages open to everyone or redirecting everyone
    answer it as a partner; elsewhere a page refuses its role (403), or, when the page is an
    object that only some organisation may see, does not find it (404)."""
    partenaires = (statuts["partenaire"], statuts["autre_partenaire"])
    if statuts["anonyme"] != 302 or partenaires == (302, 302):
        return statuts["partenaire"]
    return 404 if 404 in partenaires else 403


def attendu(*statuts, evaluateur=None, autre_evaluateur=None):
    """The answer of each column, in COLONNES' order without the évaluateurs; each
    évaluateur's is given by name, or else `sans_droit`."""
    valeurs = dict(zip(COLONNES[: -len(EVALUATEURS)], statuts, strict=True))
    defaut = sans_droit(valeurs)
    valeurs["evaluateur"] = defaut if evaluateur is None else evaluateur
    valeurs["autre_evaluateur"] = defaut if autre_evaluateur is None else autre_evaluateur
    return valeurs


def partout(statut):
    return attendu(*[statut] * (len(COLONNES) - len(EVALUATEURS)))


PUBLIC = partout(200)
CONNECTE = attendu(
    302, 200, 200, 200, 200, 200, 200, 200, 200, evaluateur=200, autre_evaluateur=200
)
PERSONNEL = attendu(302, 403, 403, 200, 200, 200, 200, 200, 200)
AGENT_SEUL = attendu(302, 403, 403, 200, 200, 403, 200, 403, 403)
GESTION = attendu(302, 403, 403, 403, 403, 200, 200, 403, 403)
DOSSIERS = attendu(302, 403, 403, 200, 200, 200, 200, 403, 403)  # agents and managers
OBJET_A = attendu(302, 200, 404, 200, 200, 200, 200, 200, 200)  # the partner's own object
OBJET_B = attendu(302, 404, 200, 200, 200, 200, 200, 200, 200)  # another organisation's
FICHIER_OUVERT = {"programme": "programme_code", "exercice": 2026}
PERSONNEL_A = attendu(302, 403, 404, 200, 200, 200, 200, 200, 200)
PERSONNEL_B = attendu(302, 404, 403, 200, 200, 200, 200, 200, 200)
EDITION_A = attendu(302, 403, 404, 200, 200, 403, 200, 403, 403)
EDITION_B = attendu(302, 404, 403, 200, 200, 403, 200, 403, 403)
# Grants: only the responsible agent edits ("a" grants are agent's, "b" grants autre_agent's).
EDITION_SUBVENTION_A = attendu(302, 403, 404, 200, 403, 403, 403, 403, 403)
EDITION_SUBVENTION_B = attendu(302, 404, 403, 403, 200, 403, 403, 403, 403)
GESTION_B = attendu(302, 404, 403, 403, 403, 200, 200, 403, 403)
# An instalment step that its status forbids: refused to everyone who may see the grant.
GESTIONNAIRES = attendu(302, 403, 403, 403, 403, 200, 200, 403, 403)
FERME_A = attendu(302, 403, 404, 403, 403, 403, 403, 403, 403)
# Recording a payment: the responsible agent only.
PAIEMENT_A = attendu(302, 403, 404, 200, 403, 403, 403, 403, 403)
# The partner portal: partners only, each on its own organisation's objects.
PORTAIL = attendu(302, 200, 200, 403, 403, 403, 403, 403, 403, evaluateur=403, autre_evaluateur=403)
PORTAIL_A = attendu(
    302, 200, 404, 403, 403, 403, 403, 403, 403, evaluateur=403, autre_evaluateur=403
)
PORTAIL_B = attendu(
    302, 404, 200, 403, 403, 403, 403, 403, 403, evaluateur=403, autre_evaluateur=403
)
# A lifecycle step on an "a" grant: its responsible agent or any manager…
SUIVI_A = attendu(302, 403, 404, 200, 403, 200, 200, 403, 403)
SUIVI_B = attendu(302, 404, 403, 403, 200, 200, 200, 403, 403)
PERSONNE_A = attendu(302, 403, 404, 403, 403, 403, 403, 403, 403)  # the object's state forbids it
# Something that does not exist (or not under that parent): 404 to whoever is signed in.
PERSONNE_404 = {role: 404 for role in COLONNES if role != "anonyme"}
# …only a manager (after the decision, for a cancellation)…
GESTION_A = attendu(302, 403, 404, 403, 403, 200, 200, 403, 403)
# Separation of duties on an "a" grant whose responsible agent is `cumul`: the manager decides
# a schedule change `cumul` proposed; `cumul` records a payment another person authorised.
GESTION_SAUF_CUMUL_A = attendu(302, 403, 404, 403, 403, 200, 403, 403, 403)
PAIEMENT_CUMUL_A = attendu(302, 403, 404, 403, 403, 403, 200, 403, 403)
# A schedule change is staff-only: a partner, even of the grant's organisation, gets a 404 (a 403
# would tell it that a change exists, and its state).
MODIF_A = GESTION_A | {"partenaire": 404}
MODIF_B = GESTION_B | {"autre_partenaire": 404}
MODIF_SAUF_CUMUL_A = GESTION_SAUF_CUMUL_A | {"partenaire": 404}
MODIF_FERMEE_A = FERME_A | {"partenaire": 404}

# Calls for projects: staff pages are the agents' and managers'; a call is fetched from their
# scoped selector, so anyone else does not find it (404), the évaluateurs included.
APPEL_GESTION = attendu(302, 404, 404, 200, 200, 200, 200, 404, 404)
APPEL_REFUSE = attendu(302, 404, 404, 403, 403, 403, 403, 404, 404)  # the call's state forbids
APPEL_POST_SEUL = attendu(302, 404, 404, 405, 405, 405, 405, 404, 404)  # a form's POST only
# Applications: seen by the partner of its organisation and by agents and managers (nobody
# else finds them); written by the partner, screened and extended by staff.
DEMANDE_A = attendu(302, 200, 404, 200, 200, 200, 200, 404, 404)
DEMANDE_B = attendu(302, 404, 200, 200, 200, 200, 200, 404, 404)
DEMANDE_PARTENAIRE_A = attendu(302, 200, 404, 403, 403, 403, 403, 404, 404)
DEMANDE_PARTENAIRE_B = attendu(302, 404, 200, 403, 403, 403, 403, 404, 404)
DEMANDE_STAFF_A = attendu(302, 403, 404, 200, 200, 200, 200, 404, 404)
DEMANDE_REFUSEE_A = attendu(302, 403, 404, 403, 403, 403, 403, 404, 404)  # its state forbids
DEPOSER_POST_SEUL = attendu(
    302, 405, 405, 405, 405, 405, 405, 405, 405, evaluateur=405, autre_evaluateur=405
)
# The committee's own pages: the évaluateur role only; a call or an application through the
# évaluateur's assignment (call "a" is evaluateur's, call "b" autre_evaluateur's), else 404.
EVALUATEURS_SEULS = attendu(
    302, 403, 403, 403, 403, 403, 403, 403, 403, evaluateur=200, autre_evaluateur=200
)
COMITE_A = partout(302) | PERSONNE_404 | {"evaluateur": 200}
COMITE_B = partout(302) | PERSONNE_404 | {"autre_evaluateur": 200}

# Expected answer of each lifecycle step's page, for a grant of organisation "a" in each status
# the step starts from. Written by hand from domain.md: the test must not read the rules it
# checks. A step missing here fails `test_chaque_etape_est_dans_la_table`.
ETAPES_ATTENDUES = {
    "recommander": EDITION_SUBVENTION_A,
    # Recommended by `agent`: a manager approves; the recommender never does.
    "approuver": GESTION_A,
    "renvoyer": SUIVI_A,
    "refuser": SUIVI_A,
    "signer": SUIVI_A,
    "demarrer": SUIVI_A,
    "terminer": SUIVI_A,
    "fermer": SUIVI_A,
    "annuler": {
        Subvention.Statut.EN_ANALYSE: SUIVI_A,
        Subvention.Statut.RECOMMANDEE: SUIVI_A,
        "apres_decision": GESTION_A,
    },
}


def attendu_etape(action, statut):
    attendus = ETAPES_ATTENDUES[action]
    if action != "annuler":
        return attendus
    return attendus.get(statut, attendus["apres_decision"])


LIGNES_ETAPES = [
    (etape.vue, etape.action, statut, attendu_etape(etape.action, statut))
    for etape in ETAPES.values()
    for statut in etape.depuis
]

TABLE = [
    ("accueil", {}, partout(302)),
    ("file_travail", {}, PERSONNEL),
    ("file_travail_section", {"section": "mes-dossiers"}, AGENT_SEUL),
    ("file_travail_section", {"section": "a-approuver"}, GESTION),
    ("file_travail_section", {"section": "versements-a-autoriser"}, GESTION),
    ("file_travail_section", {"section": "versements-a-payer"}, AGENT_SEUL),
    ("file_travail_section", {"section": "modifications-echeancier"}, GESTION),
    ("file_travail_section", {"section": "obligations"}, DOSSIERS),
    ("file_travail_section", {"section": "rapports-a-examiner"}, DOSSIERS),
    ("file_travail_section", {"section": "documents"}, AGENT_SEUL),
    ("file_travail_section", {"section": "profils-modifies"}, AGENT_SEUL),
    ("file_travail_section", {"section": "inconnue"}, partout(404)),
    ("sans_role", {}, CONNECTE),
    ("journal_roles", {}, attendu(302, 403, 403, 403, 403, 200, 200, 200, 200)),
    ("connexion", {}, attendu(200, 302, 302, 302, 302, 302, 302, 302, 302)),
    ("deconnexion", {}, partout(405)),
    ("changer_mot_de_passe", {}, CONNECTE),
    ("mot_de_passe_change", {}, CONNECTE),
    ("reinitialisation", {}, PUBLIC),
    ("reinitialisation_envoyee", {}, PUBLIC),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "faux-jeton"}, PUBLIC),
    ("reinitialisation_terminee", {}, PUBLIC),
    ("sante", {}, PUBLIC),
    # The public directory of funded services: no sign-in, the same for everyone.
    ("repertoire:services", {}, PUBLIC),
    ("repertoire:services_json", {}, PUBLIC),
    ("repertoire:services_csv", {}, PUBLIC),
    ("set_language", {}, partout(302)),
    ("admin:index", {}, attendu(302, 302, 302, 302, 302, 302, 302, 200, 200)),
    ("portail:accueil", {}, PORTAIL),
    # The partner's own profile: its organisation comes from the account, never from the URL.
    ("portail:profil", {}, PORTAIL),
    ("portail:profil_modifier", {}, PORTAIL),
    ("portail:contact_ajouter", {}, PORTAIL),
    ("portail:contact_modifier", {"cpk": "contact_a"}, PORTAIL_A),
    ("portail:contact_modifier", {"cpk": "contact_b"}, PORTAIL_B),
    ("portail:contact_supprimer", {"cpk": "contact_a"}, PORTAIL_A),
    ("portail:contact_supprimer", {"cpk": "contact_b"}, PORTAIL_B),
    ("portail:document_ajouter", {}, PORTAIL),
    ("portail:document_remplacer", {"dpk": "doc_a"}, PORTAIL_A),
    ("portail:document_remplacer", {"dpk": "doc_b"}, PORTAIL_B),
    ("organismes:liste", {}, PERSONNEL),
    ("organismes:creer", {}, AGENT_SEUL),
    ("organismes:autocompletion", {}, PERSONNEL),
    ("organismes:detail", {"pk": "org_a"}, OBJET_A),
    ("organismes:detail", {"pk": "org_b"}, OBJET_B),
    ("organismes:modifier", {"pk": "org_a"}, EDITION_A),
    ("organismes:modifier", {"pk": "org_b"}, EDITION_B),
    ("organismes:historique", {"pk": "org_a"}, PERSONNEL_A),
    ("organismes:historique", {"pk": "org_b"}, PERSONNEL_B),
    ("organismes:contact_ajouter", {"pk": "org_a"}, EDITION_A),
    ("organismes:contact_ajouter", {"pk": "org_b"}, EDITION_B),
    ("organismes:contact_modifier", {"pk": "org_a", "cpk": "contact_a"}, EDITION_A),
    ("organismes:contact_modifier", {"pk": "org_b", "cpk": "contact_b"}, EDITION_B),
    (
        "organismes:contact_modifier",
        {"pk": "org_a", "cpk": "contact_b"},
        attendu(302, 404, 404, 404, 404, 404, 404, 404, 404),  # through the wrong organisation
    ),
    ("organismes:contact_supprimer", {"pk": "org_a", "cpk": "contact_a"}, EDITION_A),
    ("organismes:contact_supprimer", {"pk": "org_b", "cpk": "contact_b"}, EDITION_B),
    ("organismes:document_ajouter", {"pk": "org_a"}, EDITION_A),
    ("organismes:document_ajouter", {"pk": "org_b"}, EDITION_B),
    ("organismes:document", {"pk": "org_a", "dpk": "doc_a"}, OBJET_A),
    ("organismes:document", {"pk": "org_b", "dpk": "doc_b"}, OBJET_B),
    (
        "organismes:document",
        {"pk": "org_a", "dpk": "doc_b"},
        attendu(302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    ("subventions:liste", {}, PERSONNEL),
    ("subventions:creer", {}, AGENT_SEUL),
    ("subventions:detail", {"pk": "sub_a"}, OBJET_A),
    ("subventions:detail", {"pk": "sub_b"}, OBJET_B),
    ("subventions:modifier", {"pk": "sub_a"}, EDITION_SUBVENTION_A),
    ("subventions:modifier", {"pk": "sub_b"}, EDITION_SUBVENTION_B),
    ("subventions:transition", {"pk": "sub_b", "action": "recommander"}, EDITION_SUBVENTION_B),
    # Not yet recommended: nobody may approve.
    (
        "subventions:approuver",
        {"pk": "sub_a"},
        attendu(302, 403, 404, 403, 403, 403, 403, 403, 403),
    ),
    ("subventions:transition", {"pk": "sub_a", "action": "effacer"}, partout(404)),
    # Amendments: a manager, on a signed grant, who did not handle the file (as approval).
    ("avenants:creer", {"pk": "sub_s"}, GESTION_A),
    ("avenants:creer", {"pk": "sub_s_b"}, GESTION_B),
    ("avenants:creer", {"pk": "sub_a"}, PERSONNE_A),  # not signed
    ("avenants:creer", {"pk": "sub_s_cumul"}, attendu(302, 403, 404, 403, 403, 200, 403, 403, 403)),
    ("subventions:historique", {"pk": "sub_a"}, PERSONNEL_A),
    ("subventions:historique", {"pk": "sub_b"}, PERSONNEL_B),
    ("subventions:programme_liste", {}, PERSONNEL),
    ("subventions:programme_detail", {"pk": "programme"}, PERSONNEL),
    ("rapports:tableau_de_bord", {}, DOSSIERS),
    ("rapports:sommaire", {}, DOSSIERS),
    ("rapports:rapport_annuel", {"pk": "programme"}, DOSSIERS),
    ("subventions:enveloppe_fixer", {"pk": "programme"}, GESTION),
    ("reddition:liste", {}, PERSONNEL),
    ("reddition:detail", {"pk": "obl_a"}, OBJET_A),
    ("reddition:detail", {"pk": "obl_b"}, OBJET_B),
    ("reddition:echeance", {"pk": "obl_a"}, SUIVI_A),
    ("reddition:echeance", {"pk": "obl_b"}, SUIVI_B),
    ("reddition:echeance", {"pk": "obl_a_acceptee"}, PERSONNE_A),
    ("reddition:retirer", {"pk": "obl_a"}, SUIVI_A),
    ("reddition:retirer", {"pk": "obl_b"}, SUIVI_B),
    ("reddition:retirer", {"pk": "obl_a_soumise"}, PERSONNE_A),
    ("reddition:action", {"pk": "obl_a", "action": "marquer_soumise"}, SUIVI_A),
    ("reddition:action", {"pk": "obl_b", "action": "marquer_soumise"}, SUIVI_B),
    ("reddition:action", {"pk": "obl_a", "action": "accepter"}, PERSONNE_A),
    ("reddition:action", {"pk": "obl_a_soumise", "action": "accepter"}, SUIVI_A),
    ("reddition:action", {"pk": "obl_a_soumise", "action": "a_corriger"}, SUIVI_A),
    ("reddition:action", {"pk": "obl_a_soumise", "action": "marquer_soumise"}, PERSONNE_A),
    ("reddition:action", {"pk": "obl_a", "action": "effacer"}, partout(404)),
    ("reddition:rapport", {"pk": "obl_a"}, OBJET_A),
    ("reddition:rapport", {"pk": "obl_b"}, OBJET_B),
    ("reddition:rapport", {"pk": "obl_a_soumise"}, OBJET_A),
    ("reddition:version", {"pk": "obl_a_soumise", "numero": 1}, OBJET_A),
    ("reddition:version", {"pk": "obl_b_soumise", "numero": 1}, OBJET_B),
    ("reddition:version", {"pk": "obl_a_soumise", "numero": 2}, partout(302) | PERSONNE_404),
    ("reddition:piece", {"pk": "obl_a_soumise", "piece": "piece_a"}, OBJET_A),
    ("reddition:piece", {"pk": "obl_b_soumise", "piece": "piece_b"}, OBJET_B),
    # Another report's attachment under one's own obligation: not found, for everyone.
    ("reddition:piece", {"pk": "obl_a_soumise", "piece": "piece_b"}, partout(302) | PERSONNE_404),
    ("reddition:ajouter", {"pk": "sub_c_a"}, SUIVI_A),
    ("reddition:ajouter", {"pk": "sub_c_b"}, SUIVI_B),
    ("reddition:ajouter", {"pk": "sub_a"}, PERSONNE_A),  # not signed yet
    ("catalogue:service_liste", {}, PERSONNEL),
    # Calls for projects: the public pages (published calls, open, upcoming or closed), …
    ("appels:liste", {}, PUBLIC),
    ("appels:detail", {"pk": "appel_b"}, PUBLIC),
    ("appels:detail", {"pk": "appel_a"}, PUBLIC),
    ("appels:guide", {"pk": "appel_b"}, PUBLIC),
    # …a draft is not found by the public, nor its guide, which its staff download.
    ("appels:detail", {"pk": "appel_brouillon"}, partout(404)),
    (
        "appels:guide",
        {"pk": "appel_brouillon"},
        attendu(404, 404, 404, 200, 200, 200, 200, 404, 404),
    ),
    # …and the staff pages.
    ("appels:gestion_liste", {}, DOSSIERS),
    ("appels:creer", {}, DOSSIERS),
    # Registration of an organisation not yet known: public pages (someone signed in already has
    # an account, and goes home); its verification by an agent or a manager, once.
    ("inscription:formulaire", {}, attendu(200, 302, 302, 302, 302, 302, 302, 302, 302)),
    ("inscription:envoyee", {}, PUBLIC),
    ("inscription:activer", {"uidb64": "MQ", "token": "faux-jeton"}, PUBLIC),
    ("inscription:activer", {"uidb64": "insc_uid", "token": "insc_jeton"}, PUBLIC),
    (
        "organismes:verifier",
        {"pk": "insc_org"},
        attendu(302, 404, 404, 200, 200, 200, 200, 403, 403),
    ),
    ("organismes:verifier", {"pk": "org_a"}, attendu(302, 403, 404, 403, 403, 403, 403, 403, 403)),
    ("appels:gestion_detail", {"pk": "appel_a"}, APPEL_GESTION),
    ("appels:gestion_detail", {"pk": "appel_brouillon"}, APPEL_GESTION),
    ("appels:modifier", {"pk": "appel_b"}, APPEL_GESTION),
    ("appels:modifier", {"pk": "appel_a"}, APPEL_REFUSE),  # closed
    ("appels:publier", {"pk": "appel_brouillon"}, APPEL_GESTION),
    ("appels:publier", {"pk": "appel_b"}, APPEL_REFUSE),  # already published
    ("appels:supprimer", {"pk": "appel_brouillon"}, APPEL_GESTION),
    ("appels:supprimer", {"pk": "appel_b"}, APPEL_REFUSE),
    ("appels:evaluateur_ajouter", {"pk": "appel_a"}, APPEL_POST_SEUL),
    ("appels:evaluateur_retirer", {"pk": "appel_a", "epk": "affectation_a"}, APPEL_POST_SEUL),
    # Applications: the partner's own (another organisation's is not found), read by staff;
    # a step its state or the asker's role forbids is a 403 to whoever sees the application.
    ("appels:deposer", {"pk": "appel_b"}, DEPOSER_POST_SEUL),
    ("appels:demande", {"pk": "demande_soumise_a"}, DEMANDE_A),
    ("appels:demande", {"pk": "demande_brouillon_b"}, DEMANDE_B),
    ("appels:demande_modifier", {"pk": "demande_brouillon_a"}, DEMANDE_PARTENAIRE_A),
    ("appels:demande_modifier", {"pk": "demande_soumise_a"}, DEMANDE_REFUSEE_A),
    ("appels:demande_modifier", {"pk": "demande_brouillon_b"}, DEMANDE_PARTENAIRE_B),
    ("appels:demande_soumettre", {"pk": "demande_brouillon_a"}, DEMANDE_PARTENAIRE_A),
    ("appels:demande_soumettre", {"pk": "demande_soumise_a"}, DEMANDE_REFUSEE_A),
    ("appels:demande_retirer", {"pk": "demande_soumise_a"}, DEMANDE_PARTENAIRE_A),
    ("appels:demande_retirer", {"pk": "demande_brouillon_a"}, DEMANDE_REFUSEE_A),
    ("appels:demande_recu", {"pk": "demande_soumise_a"}, DEMANDE_A),
    ("appels:demande_piece", {"pk": "demande_soumise_a", "ppk": "piece_demande_a"}, DEMANDE_A),
    (
        "appels:demande_piece",
        {"pk": "demande_brouillon_b", "ppk": "piece_demande_a"},
        DEMANDE_B
        | {
            "autre_partenaire": 404,
            "agent": 404,
            "autre_agent": 404,
            "gestionnaire": 404,
            "cumul": 404,
        },
    ),
    ("appels:gestion_demandes", {"pk": "appel_a"}, APPEL_GESTION),
    ("appels:demande_recevabilite", {"pk": "demande_soumise_a"}, DEMANDE_STAFF_A),
    ("appels:demande_recevabilite", {"pk": "demande_brouillon_a"}, DEMANDE_REFUSEE_A),
    ("appels:demande_prolonger", {"pk": "demande_brouillon_a"}, DEMANDE_STAFF_A),
    ("appels:demande_prolonger", {"pk": "demande_soumise_a"}, DEMANDE_REFUSEE_A),
    # The selection committee: an évaluateur reaches only its own calls' admissible
    # applications, less those it declared a conflict on (404, like any other call's); the
    # staff follow the progress, rank and decide once the call is closed.
    ("appels:evaluation_accueil", {}, EVALUATEURS_SEULS),
    ("appels:evaluation_appel", {"pk": "appel_a"}, COMITE_A),
    ("appels:evaluation_appel", {"pk": "appel_b"}, COMITE_B),
    ("appels:evaluation_appel", {"pk": "appel_brouillon"}, partout(302) | PERSONNE_404),
    ("appels:evaluation_demande", {"pk": "demande_a"}, COMITE_A),
    ("appels:evaluation_demande", {"pk": "demande_b"}, COMITE_B),
    ("appels:evaluation_demande", {"pk": "demande_conflit"}, partout(302) | PERSONNE_404),
    ("appels:evaluation_demande", {"pk": "demande_soumise_a"}, partout(302) | PERSONNE_404),
    ("appels:evaluation_conflit", {"pk": "demande_a"}, COMITE_A | {"evaluateur": 405}),
    ("appels:evaluation_conflit", {"pk": "demande_conflit"}, partout(302) | PERSONNE_404),
    ("appels:evaluateur_relancer", {"pk": "appel_a", "epk": "affectation_a"}, APPEL_POST_SEUL),
    ("appels:classement", {"pk": "appel_a"}, APPEL_GESTION),
    ("appels:classement", {"pk": "appel_b"}, APPEL_GESTION),
    ("appels:classement_export", {"pk": "appel_a"}, APPEL_GESTION),
    ("appels:decider", {"pk": "appel_a", "dpk": "demande_a"}, APPEL_POST_SEUL),
    ("appels:decider", {"pk": "appel_b", "dpk": "demande_b"}, APPEL_REFUSE),  # still open
    # The committee's minutes (a rapports document, routed among the call's pages) and the
    # call's dashboard: the ranking's rule.
    ("proces_verbal_appel", {"pk": "appel_a"}, APPEL_GESTION),
    ("proces_verbal_appel", {"pk": "appel_b"}, APPEL_GESTION),
    ("appels:tableau", {"pk": "appel_a"}, APPEL_GESTION),
    ("appels:tableau", {"pk": "appel_brouillon"}, APPEL_GESTION),
    # The call's last step: its staff, once every admissible application is decided (call "a"
    # still has some to decide, call "b" is open); a letter once the decision is sent, for the
    # organisation's partner and staff (another organisation's is not found).
    ("appels:convertir", {"pk": "conv_appel"}, APPEL_GESTION),
    ("appels:convertir", {"pk": "appel_a"}, APPEL_REFUSE),
    ("appels:convertir", {"pk": "appel_b"}, APPEL_REFUSE),
    ("appels:demande_lettre", {"pk": "conv_lettre_a"}, DEMANDE_A),
    ("appels:demande_lettre", {"pk": "conv_lettre_b"}, DEMANDE_B),
    ("appels:demande_lettre", {"pk": "conv_retenue_a"}, DEMANDE_REFUSEE_A),
    # A waitlisted application of a decided call, retained after all (a non-retained one: no).
    ("appels:retenir_de_la_liste", {"pk": "conv_attente_a"}, DEMANDE_STAFF_A),
    ("appels:retenir_de_la_liste", {"pk": "conv_lettre_a"}, DEMANDE_REFUSEE_A),
    ("catalogue:service_creer", {}, AGENT_SEUL),
    ("catalogue:service_detail", {"pk": "service_a"}, PERSONNEL),
    ("catalogue:service_modifier", {"pk": "service_a"}, AGENT_SEUL),
    ("versements:liste", {}, PERSONNEL),
    ("versements:lots", {}, GESTIONNAIRES),
    ("versements:lot", {"pk": "lot"}, GESTIONNAIRES),
    ("versements:action", {"pk": "vers_a", "action": "autoriser"}, GESTION_A),
    ("versements:action", {"pk": "vers_b", "action": "autoriser"}, GESTION_B),
    ("versements:action", {"pk": "vers_a", "action": "retenir"}, GESTION_A),
    ("versements:action", {"pk": "vers_a", "action": "annuler"}, GESTION_A),
    # Retained, authorised, paid: only the step each status allows.
    ("versements:action", {"pk": "vers_a_retenu", "action": "lever_retenue"}, GESTION_A),
    ("versements:action", {"pk": "vers_a_retenu", "action": "autoriser"}, FERME_A),
    ("versements:action", {"pk": "vers_a_autorise", "action": "payer"}, PAIEMENT_A),
    ("versements:action", {"pk": "vers_a", "action": "payer"}, FERME_A),
    ("versements:action", {"pk": "vers_a_paye", "action": "annuler"}, FERME_A),
    # The final instalment waits on the final report: nobody may authorise it yet.
    ("versements:action", {"pk": "vers_a_final", "action": "autoriser"}, FERME_A),
    ("versements:action", {"pk": "vers_a", "action": "effacer"}, partout(404)),
    ("versements:modifier_echeancier", {"pk": "sub_ea"}, EDITION_SUBVENTION_A),
    ("versements:modifier_echeancier", {"pk": "sub_eb"}, EDITION_SUBVENTION_B),
    # Something is paid: the schedule no longer changes.
    ("versements:modifier_echeancier", {"pk": "sub_sa"}, FERME_A),
    # Proposed schedule changes: a manager other than the proposer decides.
    ("versements:modification_approuver", {"pk": "sub_ea", "mpk": "modif_a"}, MODIF_A),
    ("versements:modification_refuser", {"pk": "sub_ea", "mpk": "modif_a"}, MODIF_A),
    ("versements:modification_approuver", {"pk": "sub_eb", "mpk": "modif_b"}, MODIF_B),
    ("versements:modification_refuser", {"pk": "sub_eb", "mpk": "modif_b"}, MODIF_B),
    (
        "versements:modification_approuver",
        {"pk": "sub_e_cumul", "mpk": "modif_cumul"},
        MODIF_SAUF_CUMUL_A,
    ),
    (
        "versements:modification_refuser",
        {"pk": "sub_e_cumul", "mpk": "modif_cumul"},
        MODIF_SAUF_CUMUL_A,
    ),
    (
        "versements:modification_approuver",
        {"pk": "sub_ea", "mpk": "modif_a_refusee"},
        MODIF_FERMEE_A,
    ),
    ("versements:modification_refuser", {"pk": "sub_ea", "mpk": "modif_a_refusee"}, MODIF_FERMEE_A),
    # Another grant's change, under this grant's URL: not found.
    (
        "versements:modification_approuver",
        {"pk": "sub_eb", "mpk": "modif_a"},
        partout(302) | PERSONNE_404,
    ),
    # Whoever authorised an instalment does not record its payment, even holding both roles.
    ("versements:action", {"pk": "vers_cumul_par_cumul", "action": "payer"}, FERME_A),
    ("versements:action", {"pk": "vers_cumul_par_autre", "action": "payer"}, PAIEMENT_CUMUL_A),
    ("versements:historique", {"pk": "sub_sa"}, PERSONNEL_A),
    ("versements:historique", {"pk": "sub_sb"}, PERSONNEL_B),
    # Documents: the grant's and the organisation's readers (a partner, its own only).
    ("rapports:fiche_subvention", {"pk": "sub_a"}, OBJET_A),
    ("rapports:fiche_subvention", {"pk": "sub_b"}, OBJET_B),
    # The agreement binds an amount: approved grants and later only.
    ("rapports:convention_subvention", {"pk": "sub_s"}, OBJET_A),
    ("rapports:convention_subvention", {"pk": "sub_s_b"}, OBJET_B),
    ("rapports:convention_subvention", {"pk": "sub_a"}, PERSONNE_A),
    ("rapports:releve_organisme", {"pk": "org_a"}, OBJET_A),
    ("rapports:releve_organisme", {"pk": "org_b"}, OBJET_B),
    # Workbooks over a period cover every organisation: staff only.
    ("rapports:echeancier_versements", {}, PERSONNEL),
    ("rapports:etat_reddition", {}, PERSONNEL),
    # Open data: the grants the city publishes, for every staff member; the public URLs answer
    # 404 while DONNEES_OUVERTES_PUBLIQUES is off (the default; on: test_donnees_publiques).
    ("echanges:donnees_ouvertes", {}, PERSONNEL),
    *[
        (f"echanges:donnees_ouvertes_{vue}", FICHIER_OUVERT | {"fichier": fichier}, statuts)
        for fichier in ("montreal.csv", "360giving.csv", "360giving.json")
        for vue, statuts in (("fichier", PERSONNEL), ("publiques", partout(404)))
    ],
    ("versements:convention", {"pk": "sub_sa", "cpk": "conv_a"}, OBJET_A),
    ("versements:convention", {"pk": "sub_sb", "cpk": "conv_b"}, OBJET_B),
    (
        "versements:convention",
        {"pk": "sub_sa", "cpk": "conv_b"},
        attendu(302, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    # Imports: agents and managers bring files in; staff read the record; only the author of a
    # preview confirms it (anyone else: not found).
    ("echanges:importation_liste", {}, PERSONNEL),
    ("echanges:importation_televerser", {}, DOSSIERS),
    ("echanges:importation_modele", {}, DOSSIERS),
    ("echanges:importation_detail", {"pk": "import_a"}, PERSONNEL),
    ("echanges:importation_erreurs", {"pk": "import_erreurs"}, PERSONNEL),
    (
        "echanges:importation_confirmer",
        {"pk": "import_a"},
        attendu(302, 403, 403, 200, 404, 404, 404, 403, 403),
    ),
]


# The admin's pages (tests/permissions_admin.py): one case per page, each role asked in it.
TABLE_ADMIN = lignes_admin(attendu)


@pytest.mark.parametrize(
    ("nom", "kwargs", "statuts"),
    TABLE_ADMIN,
    ids=[f"{n}-{'-'.join(map(str, k.values()))}" for n, k, _ in TABLE_ADMIN],
)
def test_permission_admin(client, objets, nom, kwargs, statuts):
    url = reverse(nom, kwargs={k: objets[v] for k, v in kwargs.items()})
    for role in ROLES_TABLE_ADMIN:
        _connecter(client, objets, role)
        reponse = client.get(url)
        assert reponse.status_code == statuts[role], f"{role} GET {url}"
        if statuts[role] == 302:
            assert reponse.url.startswith("/admin/login/"), f"{role} GET {url}"


def test_chaque_modele_de_l_admin_est_dans_la_table():
    from django.contrib import admin

    assert {m._meta.label_lower for m in admin.site._registry} == set(GENRES)


def noms_d_url(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns != "admin":
                yield from noms_d_url(p.url_patterns, ns)
        elif p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_chaque_url_est_dans_la_table():
    couvertes = {nom for nom, _, _ in TABLE} | {vue for vue, _, _, _ in LIGNES_ETAPES}
    manquantes = set(noms_d_url()) - couvertes
    assert not manquantes, f"URL sans ligne dans la table des permissions: {sorted(manquantes)}"


def test_chaque_etape_est_dans_la_table():
    assert set(ETAPES_ATTENDUES) == set(ETAPES)


def _rapport_soumis(obligation, par):
    """A report submitted in the portal (version 1) with one attachment; returns its pk."""
    from django.core.files.base import ContentFile

    from reddition.models import PieceJointe, Rapport, VersionRapport
    from reddition.selectors import contenu_rapport
    from tests.factories import PDF_MINIMAL

    rapport = Rapport.objects.create(obligation=obligation, statut="soumis", activites="Fait")
    piece = PieceJointe(rapport=rapport, nom="annexe.pdf", televerse_par=par)
    piece.fichier.save("annexe.pdf", ContentFile(PDF_MINIMAL), save=False)
    piece.save()
    VersionRapport.objects.create(
        rapport=rapport, numero=1, soumis_par=par, contenu=contenu_rapport(rapport)
    )
    return piece.pk


# The people of tests/conftest.py's fixtures (same names and roles), built once with the table's
# objects: 1,600 cases each building the same ~45 rows, their history and files spent three
# quarters of the suite's time there.
PERSONNES = {
    "agent": lambda: compte_de_test("agent"),
    "autre_agent": lambda: compte_de_test("autre_agent"),
    "gestionnaire": lambda: compte_de_test("gestionnaire"),
    "administrateur": lambda: compte_de_test("administrateur"),
    "cumul": lambda: UserFactory(username="cumul-test", roles=["agent", "gestionnaire"]),
    "superutilisateur": lambda: UserFactory(
        username="super-test", is_superuser=True, is_staff=True
    ),
    "evaluateur": lambda: UserFactory(username="evaluateur-test", roles=["evaluateur"]),
    "autre_evaluateur": lambda: UserFactory(username="evaluateur-test-2", roles=["evaluateur"]),
}


@pytest.fixture(scope="module")
def table_construite(django_db_setup, django_db_blocker):
    """The people and objects of the table, built once per module (per worker); each case still
    runs in its own savepoint, so what a case writes goes with it (tests/partage.py)."""
    with donnees_du_module(django_db_blocker, _construire_tout) as donnees:
        yield donnees


def _construire_tout():
    gens = {role: creer() for role, creer in PERSONNES.items()}
    organisme = organisme_de_test("organisme")
    autre_organisme = organisme_de_test("autre_organisme")
    gens["partenaire"] = partenaire_de_test(organisme)
    gens["autre_partenaire"] = MembreFactory(
        user__username="partenaire-test-2", organisme=autre_organisme
    ).user
    ids = _construire(organisme, autre_organisme, **gens)
    _joindre(ids, _appels(organisme, **gens))
    _joindre(ids, _comite(ids, autre_organisme, **gens))
    _joindre(ids, _demandes(organisme, autre_organisme, ids, **gens))
    _joindre(ids, _inscription())
    _joindre(ids, _conversion(organisme, autre_organisme, **gens))
    from reddition.models import Obligation

    _joindre(ids, construire_admin(gens, Obligation.objects.get(pk=ids["obl_a"])))
    ids["sessions"] = {role: _session(user) for role, user in gens.items()}
    return {role: u.pk for role, u in gens.items()}, ids


def _joindre(ids, nouveaux):
    """Adds a builder's objects to the table's; a key defined twice would silently send one
    URL's rows to another object (an id that matches on one database and not on the other)."""
    doubles = ids.keys() & nouveaux.keys()
    if doubles:
        raise KeyError(f"Clés d'objets définies deux fois : {sorted(doubles)}")
    ids.update(nouveaux)


@pytest.fixture
def objets(db, table_construite):
    return table_construite[1]


def _personne(table_construite, role):
    return User.objects.get(pk=table_construite[0][role])


@pytest.fixture
def agent(db, table_construite):
    return _personne(table_construite, "agent")


@pytest.fixture
def autre_agent(db, table_construite):
    return _personne(table_construite, "autre_agent")


@pytest.fixture
def gestionnaire(db, table_construite):
    return _personne(table_construite, "gestionnaire")


@pytest.fixture
def administrateur(db, table_construite):
    return _personne(table_construite, "administrateur")


@pytest.fixture
def cumul(db, table_construite):
    return _personne(table_construite, "cumul")


@pytest.fixture
def superutilisateur(db, table_construite):
    return _personne(table_construite, "superutilisateur")


@pytest.fixture
def partenaire(db, table_construite):
    return _personne(table_construite, "partenaire")


@pytest.fixture
def evaluateur(db, table_construite):
    return _personne(table_construite, "evaluateur")


@pytest.fixture
def autre_evaluateur(db, table_construite):
    return _personne(table_construite, "autre_evaluateur")


@pytest.fixture
def autre_partenaire(db, table_construite):
    return _personne(table_construite, "autre_partenaire")


def _construire(
    organisme,
    autre_organisme,
    *,
    agent,
    autre_agent,
    partenaire,
    autre_partenaire,
    cumul,
    **_autres,
):
    programme = ProgrammeFactory()
    recommandee = Subvention.Statut.RECOMMANDEE
    signee = Subvention.Statut.CONVENTION_SIGNEE
    # Separation of duties: `cumul` recommended this one as its responsible agent…
    sub_r_cumul = SubventionFactory(organisme=organisme, agent=cumul, statut=recommandee)
    TransitionFactory(subvention=sub_r_cumul, par=cumul)
    # …and was responsible for this one before handing it to `agent`, who recommended it.
    sub_r_passe = SubventionFactory(organisme=organisme, agent=cumul)
    sub_r_passe.agent, sub_r_passe.statut = agent, recommandee
    sub_r_passe.save()
    TransitionFactory(subvention=sub_r_passe, par=agent)
    en_cours = Subvention.Statut.EN_COURS
    sub_sa = SubventionFactory(organisme=organisme, agent=agent, statut=en_cours)
    sub_sb = SubventionFactory(organisme=autre_organisme, agent=autre_agent, statut=en_cours)
    lot = LotPaiement.objects.create(cree_par=agent)
    # Schedules with nothing paid yet (editable by their responsible agent).
    sub_ea = VersementFactory(
        subvention__organisme=organisme, subvention__agent=agent, subvention__statut=en_cours
    ).subvention
    sub_eb = VersementFactory(
        subvention__organisme=autre_organisme,
        subvention__agent=autre_agent,
        subvention__statut=en_cours,
    ).subvention
    modifs = _modifications(
        sub_ea, sub_eb, organisme, agent=agent, autre_agent=autre_agent, cumul=cumul, **_autres
    )
    vers = {
        "vers_a": VersementFactory(subvention=sub_sa),
        "vers_a_retenu": VersementFactory(subvention=sub_sa, statut="retenu", motif="Vérifier"),
        "vers_a_autorise": VersementFactory(subvention=sub_sa, statut="autorise", lot=lot),
        "vers_a_paye": VersementFactory(
            subvention=sub_sa,
            statut="paye",
            date_paiement=datetime.date(2026, 2, 1),
            reference_paiement="PAI-1",
        ),
        "vers_a_final": VersementFactory(subvention=sub_sa, condition="rapport_final"),
        "vers_b": VersementFactory(subvention=sub_sb),
    }
    sub_c_a = SubventionFactory(organisme=organisme, agent=agent, statut=en_cours)
    sub_c_b = SubventionFactory(organisme=autre_organisme, agent=autre_agent, statut=en_cours)
    obl_a_soumise = ObligationFactory(subvention=sub_c_a, statut="soumis")
    obl_b_soumise = ObligationFactory(subvention=sub_c_b, statut="soumis")
    pieces = {
        "piece_a": _rapport_soumis(obl_a_soumise, partenaire),
        "piece_b": _rapport_soumis(obl_b_soumise, autre_partenaire),
    }
    return {
        **pieces,
        **modifs,
        "obl_a_soumise": obl_a_soumise.pk,
        "obl_b_soumise": obl_b_soumise.pk,
        "sub_c_a": sub_c_a.pk,
        "sub_c_b": sub_c_b.pk,
        "obl_a": ObligationFactory(subvention=sub_c_a).pk,
        "obl_a_acceptee": ObligationFactory(subvention=sub_c_a, statut="accepte").pk,
        "obl_b": ObligationFactory(subvention=sub_c_b).pk,
        **{cle: v.pk for cle, v in vers.items()},
        "sub_sa": sub_sa.pk,
        "sub_sb": sub_sb.pk,
        "sub_ea": sub_ea.pk,
        "lot": lot.pk,
        "sub_eb": sub_eb.pk,
        "conv_a": ConventionFactory(subvention=sub_sa).pk,
        "conv_b": ConventionFactory(subvention=sub_sb).pk,
        "org_a": organisme.pk,
        "org_b": autre_organisme.pk,
        "contact_a": ContactFactory(organisme=organisme).pk,
        "contact_b": ContactFactory(organisme=autre_organisme).pk,
        "doc_a": DocumentFactory(organisme=organisme).pk,
        "doc_b": DocumentFactory(organisme=autre_organisme).pk,
        "sub_a": SubventionFactory(organisme=organisme, agent=agent, programme=programme).pk,
        "sub_b": SubventionFactory(organisme=autre_organisme, agent=autre_agent).pk,
        "sub_r": SubventionFactory(
            organisme=organisme, agent=agent, statut=Subvention.Statut.RECOMMANDEE
        ).pk,
        "sub_r_cumul": sub_r_cumul.pk,
        "sub_r_passe": sub_r_passe.pk,
        "sub_s": SubventionFactory(organisme=organisme, agent=agent, statut=signee).pk,
        "sub_s_b": SubventionFactory(
            organisme=autre_organisme, agent=autre_agent, statut=signee
        ).pk,
        "sub_s_cumul": SubventionFactory(organisme=organisme, agent=cumul, statut=signee).pk,
        "programme": programme.pk,
        "programme_code": programme.code,
        "service_a": ServiceFactory(organisme=organisme).pk,
        **_importations(agent),
    }


def _appels(organisme, *, agent, evaluateur, autre_evaluateur, **_):
    """Call "a" closed with a submitted application and `evaluateur` on its committee; call
    "b" open with `autre_evaluateur`; a complete draft."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from appels.models import Evaluateur
    from tests.factories import PDF_MINIMAL, DemandeFactory, appel_complet

    maintenant = timezone.now()
    appel_a = appel_complet(
        ouverture=maintenant - datetime.timedelta(days=60),
        cloture=maintenant - datetime.timedelta(days=1),
    )
    DemandeFactory(appel=appel_a, organisme=organisme, etat="soumise")
    appel_b = appel_complet(guide=ContentFile(PDF_MINIMAL, name="guide-b.pdf"))
    brouillon = appel_complet(etat="brouillon", guide=ContentFile(PDF_MINIMAL, name="guide.pdf"))
    affectation = Evaluateur.objects.create(appel=appel_a, user=evaluateur, ajoute_par=agent)
    Evaluateur.objects.create(appel=appel_b, user=autre_evaluateur, ajoute_par=agent)
    return {
        "appel_a": appel_a.pk,
        "appel_b": appel_b.pk,
        "appel_brouillon": brouillon.pk,
        "affectation_a": affectation.pk,
    }


def _demandes(organisme, autre_organisme, ids, *, partenaire, **_):
    """Organisation "a": its submitted application to call "a" (with a file) and its draft to
    call "b"; organisation "b": a draft to another open call (its application to call "b" is
    the committee's admissible one)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from appels.models import Demande, PieceDemande
    from tests.factories import PDF_MINIMAL, DemandeFactory, appel_complet

    soumise = Demande.objects.get(pk=ids["demande_soumise_a"])
    soumise.soumise_le = timezone.now() - datetime.timedelta(days=3)
    soumise.montant_demande = 50000
    soumise.save()
    piece = PieceDemande(
        demande=soumise,
        document=soumise.appel.documents_requis.first(),
        nom="lettres.pdf",
        televerse_par=partenaire,
    )
    piece.fichier.save("lettres.pdf", ContentFile(PDF_MINIMAL), save=False)
    piece.save()
    brouillon = DemandeFactory(appel_id=ids["appel_b"], organisme=organisme)
    autre = DemandeFactory(appel=appel_complet(), organisme=autre_organisme)
    return {
        "demande_brouillon_a": brouillon.pk,
        "demande_brouillon_b": autre.pk,
        "piece_demande_a": piece.pk,
    }


def _inscription():
    """An organisation registered online, not yet verified, and its account's activation link."""
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from organismes.inscription import jeton_activation

    inscrit = OrganismeFactory(nom_legal="Collectif Nouveaux Horizons", verifie_le=None)
    compte = MembreFactory(organisme=inscrit, user__is_active=False).user
    return {
        "insc_org": inscrit.pk,
        "insc_uid": urlsafe_base64_encode(force_bytes(compte.pk)),
        "insc_jeton": jeton_activation.make_token(compte),
    }


def _conversion(organisme, autre_organisme, *, agent, **_):
    """A closed call whose committee decided everything, ready to become grants, with a
    retained application of organisation "a" (no letter); a decided call whose letters are sent:
    the non-retained applications of "a" and "b"; another decided call with a waitlisted
    application of "a"."""
    from django.utils import timezone

    from appels.models import Recommandation
    from tests.factories import DemandeFactory, appel_complet

    maintenant = timezone.now()
    jours = datetime.timedelta(days=1)

    def decidee(appel, decision, montant, **recommandation):
        """An application of organisation "a" for a project of 2027-2028, and its decision."""
        demande = DemandeFactory(
            appel=appel,
            organisme=organisme,
            etat=decision,
            montant_demande=montant,
            date_debut=datetime.date(2027, 4, 1),
            date_fin=datetime.date(2028, 3, 31),
        )
        Recommandation.objects.create(
            demande=demande, decision=decision, decide_par=agent, **recommandation
        )
        return demande

    pret = appel_complet(ouverture=maintenant - 60 * jours, cloture=maintenant - jours)
    retenue = decidee(pret, "retenue", 50000, montant_recommande=40000)
    decide = appel_complet(
        ouverture=maintenant - 90 * jours, cloture=maintenant - 30 * jours, etat="decide"
    )
    lettres = {}
    for cle, qui in (("conv_lettre_a", organisme), ("conv_lettre_b", autre_organisme)):
        demande = DemandeFactory(
            appel=decide, organisme=qui, etat="non_retenue", montant_demande=30000
        )
        Recommandation.objects.create(
            demande=demande,
            decision="non_retenue",
            montant_recommande=0,
            motif="Le budget est peu réaliste.",
            decide_par=agent,
            lettre_envoyee_le=maintenant - jours,
        )
        lettres[cle] = demande.pk
    # One application per organisation and call: the waitlisted one is on a second decided call.
    attente = decidee(
        appel_complet(
            ouverture=maintenant - 90 * jours, cloture=maintenant - 30 * jours, etat="decide"
        ),
        "liste_attente",
        30000,
        motif="Budget épuisé.",
    )
    return {
        "conv_appel": pret.pk,
        "conv_retenue_a": retenue.pk,
        "conv_attente_a": attente.pk,
        **lettres,
    }


def _comite(ids, autre_organisme, *, evaluateur, **_):
    """Admissible applications: on call "a", one `evaluateur` declared no conflict on and one it
    declared a conflict on; one on call "b"."""
    from appels.models import Conflit, Demande
    from tests.factories import DemandeFactory, OrganismeFactory

    recevable = Demande.Etat.RECEVABLE
    demande_a = DemandeFactory(appel_id=ids["appel_a"], organisme=autre_organisme, etat=recevable)
    conflit = DemandeFactory(appel_id=ids["appel_a"], organisme=OrganismeFactory(), etat=recevable)
    demande_b = DemandeFactory(appel_id=ids["appel_b"], organisme=autre_organisme, etat=recevable)
    Conflit.objects.create(demande=demande_a, evaluateur=evaluateur, a_conflit=False)
    Conflit.objects.create(demande=conflit, evaluateur=evaluateur, a_conflit=True)
    soumise = Demande.objects.get(appel_id=ids["appel_a"], etat=Demande.Etat.SOUMISE)
    return {
        "demande_a": demande_a.pk,
        "demande_b": demande_b.pk,
        "demande_conflit": conflit.pk,
        "demande_soumise_a": soumise.pk,
    }


def _modifications(sub_ea, sub_eb, organisme, *, agent, autre_agent, cumul, gestionnaire, **_):
    """Proposed schedule changes (by each grant's agent, one by `cumul` on its own grant, one
    already refused), and two authorised instalments on a grant of `cumul`: one authorised by
    `cumul` itself, one by the manager."""
    from django.utils import timezone

    from versements.models import ModificationEcheancier
    from versements.services.echeancier import version_echeancier

    en_cours = Subvention.Statut.EN_COURS
    sub_e_cumul = VersementFactory(
        subvention__organisme=organisme, subvention__agent=cumul, subvention__statut=en_cours
    ).subvention

    def proposee(subvention, par, **decision):
        return ModificationEcheancier.objects.create(
            subvention=subvention,
            avant=[],
            lignes=[],
            version=version_echeancier(subvention),
            motif="Démarrage avancé",
            propose_par=par,
            propose_le=timezone.now(),
            **decision,
        ).pk

    sub_p_cumul = SubventionFactory(organisme=organisme, agent=cumul, statut=en_cours)
    return {
        "sub_e_cumul": sub_e_cumul.pk,
        "modif_a": proposee(sub_ea, agent),
        "modif_b": proposee(sub_eb, autre_agent),
        "modif_cumul": proposee(sub_e_cumul, cumul),
        "modif_a_refusee": proposee(
            sub_ea,
            agent,
            statut="refusee",
            decide_par=gestionnaire,
            decide_le=timezone.now(),
            motif_refus="Non",
        ),
        "vers_cumul_par_cumul": VersementFactory(
            subvention=sub_p_cumul, statut="autorise", autorise_par=cumul
        ).pk,
        "vers_cumul_par_autre": VersementFactory(
            subvention=sub_p_cumul, statut="autorise", autorise_par=gestionnaire
        ).pk,
    }


def _importations(agent):
    """A valid preview by `agent` (file kept) and one whose file has errors."""
    import uuid

    from django.core.files.base import ContentFile

    from echanges.models import Importation

    ids = {}
    for cle, resultat in (("import_a", "valide"), ("import_erreurs", "erreurs")):
        importation = Importation(
            jeton=uuid.uuid4(),
            par=agent,
            nom_fichier="ancien.csv",
            extension=".csv",
            source="web",
            resultat=resultat,
            nb_erreurs=int(resultat == "erreurs"),
            erreurs=[{"ligne": 2, "colonne": "NEQ", "message": "10 chiffres"}],
        )
        importation.fichier.save(".csv", ContentFile(b"Organisme;NEQ\nA;12\n"), save=False)
        importation.save()
        ids[cle] = importation.pk
    return ids


def _session(user):
    """The key of a session signed in as `user`, kept with the module's rows."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module", autouse=True)
def sessions_du_module():
    """The sessions are opened when the module's rows are built: each case's own activity is
    rolled back with it, so their last activity stays at the module's start."""
    from django.conf import settings
    from django.test import override_settings

    with override_settings(SESSION_INACTIVITE_MAX=settings.SESSION_DUREE_MAX):
        yield


def _connecter(client, objets, role):
    """Signs `client` in as `role` through its session opened once for the module: a sign-in
    per case (1,700 of them) cost more than most pages."""
    from django.conf import settings

    client.cookies.clear()
    if role != "anonyme":
        client.cookies[settings.SESSION_COOKIE_NAME] = objets["sessions"][role]


@pytest.mark.parametrize("role", COLONNES)
@pytest.mark.parametrize(
    ("nom", "kwargs", "statuts"),
    TABLE,
    ids=[f"{n}-{'-'.join(map(str, k.values()))}" for n, k, _ in TABLE],
)
def test_permission(client, objets, role, nom, kwargs, statuts):
    _connecter(client, objets, role)
    url = reverse(nom, kwargs={k: objets.get(v, v) for k, v in kwargs.items()})
    reponse = client.get(url)
    assert reponse.status_code == statuts[role], f"{role} GET {url}"
    if statuts[role] == 302 and role == "anonyme" and nom not in ("accueil", "set_language"):
        assert reponse.url.startswith(("/connexion/", "/admin/login/"))


@pytest.mark.parametrize("role", COLONNES)
@pytest.mark.parametrize(
    ("vue", "action", "statut", "statuts"),
    LIGNES_ETAPES,
    ids=[f"{action}-depuis-{statut}" for _, action, statut, _ in LIGNES_ETAPES],
)
def test_permission_des_etapes(client, objets, agent, role, vue, action, statut, statuts):
    """Each step's page for each role, and the grant page shows its button exactly then."""
    s = SubventionFactory(organisme_id=objets["org_a"], agent=agent, statut=statut)
    if statut == Subvention.Statut.RECOMMANDEE:
        TransitionFactory(subvention=s, de="en_analyse", vers=statut, par=agent)
    if action == "fermer":
        # Closing needs the final report accepted (tests/reddition/test_fermeture.py).
        ObligationFactory(subvention=s, type="rapport_final", statut="accepte")
    etape = ETAPES[action]
    _connecter(client, objets, role)
    url = reverse(vue, kwargs=etape.url_kwargs(s))
    assert client.get(url).status_code == statuts[role], f"{role} GET {url}"
    fiche = client.get(s.get_absolute_url())
    if fiche.status_code == 200:
        assert (f'href="{url}"' in fiche.content.decode()) == (statuts[role] == 200)


@pytest.mark.parametrize("role", COLONNES)
@pytest.mark.parametrize("fichier", ["montreal.csv", "360giving.csv", "360giving.json"])
def test_donnees_publiques(client, settings, objets, role, fichier):
    """With DONNEES_OUVERTES_PUBLIQUES on, everyone (signed in or not) gets the files."""
    settings.DONNEES_OUVERTES_PUBLIQUES = True
    _connecter(client, objets, role)
    kwargs = {"programme": objets["programme_code"], "exercice": 2026, "fichier": fichier}
    url = reverse("echanges:donnees_ouvertes_publiques", kwargs=kwargs)
    assert client.get(url).status_code == 200, f"{role} GET {url}"


ECRITURES_REFUSEES = [
    # (url name, kwargs, role, expected status)
    ("organismes:modifier", {"pk": "org_a"}, "gestionnaire", 403),
    ("organismes:modifier", {"pk": "org_a"}, "partenaire", 403),
    ("organismes:modifier", {"pk": "org_b"}, "partenaire", 404),
    ("organismes:contact_supprimer", {"pk": "org_a", "cpk": "contact_a"}, "gestionnaire", 403),
    ("organismes:contact_supprimer", {"pk": "org_b", "cpk": "contact_b"}, "partenaire", 404),
    ("organismes:document_ajouter", {"pk": "org_a"}, "partenaire", 403),
    ("subventions:creer", {}, "gestionnaire", 403),
    ("subventions:modifier", {"pk": "sub_b"}, "agent", 403),
    ("subventions:approuver", {"pk": "sub_r"}, "agent", 403),
    ("subventions:approuver", {"pk": "sub_r"}, "administrateur", 403),
    ("subventions:approuver", {"pk": "sub_r"}, "superutilisateur", 403),
    ("subventions:approuver", {"pk": "sub_r_cumul"}, "cumul", 403),
    ("subventions:approuver", {"pk": "sub_r_passe"}, "cumul", 403),
    ("subventions:transition", {"pk": "sub_a", "action": "annuler"}, "autre_partenaire", 404),
    ("subventions:transition", {"pk": "sub_b", "action": "annuler"}, "partenaire", 404),
    ("catalogue:service_modifier", {"pk": "service_a"}, "gestionnaire", 403),
    ("versements:action", {"pk": "vers_a", "action": "autoriser"}, "agent", 403),
    ("versements:action", {"pk": "vers_a", "action": "autoriser"}, "partenaire", 403),
    ("versements:action", {"pk": "vers_a", "action": "annuler"}, "autre_partenaire", 404),
    ("versements:action", {"pk": "vers_b", "action": "retenir"}, "partenaire", 404),
    ("versements:action", {"pk": "vers_a_autorise", "action": "payer"}, "gestionnaire", 403),
    ("versements:action", {"pk": "vers_a_autorise", "action": "payer"}, "autre_agent", 403),
    ("versements:action", {"pk": "vers_a_final", "action": "autoriser"}, "gestionnaire", 403),
    ("versements:action", {"pk": "vers_a_paye", "action": "annuler"}, "gestionnaire", 403),
    ("versements:modifier_echeancier", {"pk": "sub_ea"}, "gestionnaire", 403),
    ("versements:modifier_echeancier", {"pk": "sub_ea"}, "autre_agent", 403),
    ("versements:modifier_echeancier", {"pk": "sub_eb"}, "partenaire", 404),
    (
        "versements:modification_approuver",
        {"pk": "sub_e_cumul", "mpk": "modif_cumul"},
        "cumul",
        403,
    ),
    ("versements:modification_refuser", {"pk": "sub_e_cumul", "mpk": "modif_cumul"}, "cumul", 403),
    ("versements:modification_approuver", {"pk": "sub_ea", "mpk": "modif_a"}, "agent", 403),
    ("versements:modification_refuser", {"pk": "sub_eb", "mpk": "modif_b"}, "partenaire", 404),
    ("versements:action", {"pk": "vers_cumul_par_cumul", "action": "payer"}, "cumul", 403),
    ("versements:lots", {}, "agent", 403),
    ("avenants:creer", {"pk": "sub_s"}, "agent", 403),
    ("avenants:creer", {"pk": "sub_s"}, "partenaire", 403),
    ("avenants:creer", {"pk": "sub_s"}, "autre_partenaire", 404),
    ("avenants:creer", {"pk": "sub_s_b"}, "partenaire", 404),
    ("avenants:creer", {"pk": "sub_s_cumul"}, "cumul", 403),
    ("avenants:creer", {"pk": "sub_s"}, "superutilisateur", 403),
    ("reddition:action", {"pk": "obl_b", "action": "marquer_soumise"}, "partenaire", 404),
    ("reddition:action", {"pk": "obl_a_soumise", "action": "accepter"}, "partenaire", 403),
    ("reddition:action", {"pk": "obl_a_soumise", "action": "a_corriger"}, "autre_agent", 403),
    ("reddition:echeance", {"pk": "obl_a"}, "partenaire", 403),
    ("reddition:echeance", {"pk": "obl_a"}, "autre_partenaire", 404),
    ("reddition:retirer", {"pk": "obl_a"}, "autre_agent", 403),
    ("reddition:retirer", {"pk": "obl_b"}, "partenaire", 404),
    ("reddition:ajouter", {"pk": "sub_c_a"}, "superutilisateur", 403),
    ("reddition:ajouter", {"pk": "sub_c_b"}, "partenaire", 404),
    ("reddition:rapport", {"pk": "obl_b"}, "partenaire", 404),
    ("reddition:rapport", {"pk": "obl_a"}, "autre_partenaire", 404),
    ("reddition:rapport", {"pk": "obl_a"}, "agent", 403),
    ("reddition:rapport", {"pk": "obl_a_soumise"}, "partenaire", 403),
    ("reddition:rapport", {"pk": "obl_b_soumise"}, "partenaire", 404),
    # The portal's profile: another organisation's contact or document, and staff.
    ("portail:contact_modifier", {"cpk": "contact_b"}, "partenaire", 404),
    ("portail:contact_supprimer", {"cpk": "contact_b"}, "partenaire", 404),
    ("portail:contact_supprimer", {"cpk": "contact_a"}, "autre_partenaire", 404),
    ("portail:document_remplacer", {"dpk": "doc_b"}, "partenaire", 404),
    ("portail:profil_modifier", {}, "agent", 403),
    ("portail:contact_ajouter", {}, "gestionnaire", 403),
    ("portail:contact_supprimer", {"cpk": "contact_a"}, "agent", 403),
    ("portail:document_ajouter", {}, "agent", 403),
    ("organismes:contact_ajouter", {"pk": "org_a"}, "partenaire", 403),
    ("organismes:contact_modifier", {"pk": "org_a", "cpk": "contact_a"}, "partenaire", 403),
    ("subventions:enveloppe_fixer", {"pk": "programme"}, "agent", 403),
    ("subventions:enveloppe_fixer", {"pk": "programme"}, "partenaire", 403),
    ("subventions:enveloppe_fixer", {"pk": "programme"}, "administrateur", 403),
    ("subventions:enveloppe_fixer", {"pk": "programme"}, "superutilisateur", 403),
    # Calls: nobody but their staff changes them; a closed or published call refuses its step.
    # Verifying an organisation: agents and managers only, once.
    ("organismes:verifier", {"pk": "insc_org"}, "partenaire", 404),
    ("organismes:verifier", {"pk": "insc_org"}, "administrateur", 403),
    ("organismes:verifier", {"pk": "insc_org"}, "evaluateur", 404),
    ("organismes:verifier", {"pk": "org_a"}, "agent", 403),
    ("appels:publier", {"pk": "appel_brouillon"}, "evaluateur", 404),
    ("appels:publier", {"pk": "appel_brouillon"}, "administrateur", 404),
    ("appels:supprimer", {"pk": "appel_b"}, "agent", 403),
    ("appels:supprimer", {"pk": "appel_brouillon"}, "partenaire", 404),
    ("appels:modifier", {"pk": "appel_a"}, "gestionnaire", 403),
    ("appels:creer", {}, "evaluateur", 403),
    ("appels:evaluateur_ajouter", {"pk": "appel_b"}, "autre_evaluateur", 404),
    ("appels:evaluateur_retirer", {"pk": "appel_a", "epk": "affectation_a"}, "evaluateur", 404),
    # The committee: a conflicted or another call's évaluateur, a call still open, staff only.
    ("appels:evaluation_demande", {"pk": "demande_conflit"}, "evaluateur", 404),
    ("appels:evaluation_demande", {"pk": "demande_b"}, "evaluateur", 404),
    ("appels:evaluation_conflit", {"pk": "demande_a"}, "autre_evaluateur", 404),
    ("appels:decider", {"pk": "appel_b", "dpk": "demande_b"}, "agent", 403),
    ("appels:decider", {"pk": "appel_a", "dpk": "demande_a"}, "evaluateur", 404),
    ("appels:evaluateur_relancer", {"pk": "appel_a", "epk": "affectation_a"}, "evaluateur", 404),
    # Into grants: nobody but the calls' staff, and not before every decision is taken.
    ("appels:retenir_de_la_liste", {"pk": "conv_attente_a"}, "partenaire", 403),
    ("appels:retenir_de_la_liste", {"pk": "conv_attente_a"}, "autre_partenaire", 404),
    ("appels:convertir", {"pk": "conv_appel"}, "partenaire", 404),
    ("appels:convertir", {"pk": "conv_appel"}, "evaluateur", 404),
    ("appels:convertir", {"pk": "conv_appel"}, "administrateur", 404),
    ("appels:convertir", {"pk": "appel_a"}, "gestionnaire", 403),
]


@pytest.mark.parametrize(("nom", "kwargs", "role", "statut"), ECRITURES_REFUSEES)
def test_ecriture_refusee_ne_change_rien(request, client, objets, nom, kwargs, role, statut):
    from django.apps import apps

    def etat():
        return {
            m.__name__: list(m.objects.order_by("pk").values())
            for m in (
                apps.get_model("organismes", "Organisme"),
                apps.get_model("organismes", "Contact"),
                apps.get_model("organismes", "Document"),
                Subvention,
                apps.get_model("catalogue", "ServiceIntegration"),
                apps.get_model("subventions", "Transition"),
                apps.get_model("subventions", "Repartition"),
                apps.get_model("subventions", "ServiceFinance"),
                apps.get_model("subventions", "DerogationEnveloppe"),
                apps.get_model("subventions", "Avenant"),
                apps.get_model("subventions", "Enveloppe"),
                apps.get_model("organismes", "Membre"),
                apps.get_model("versements", "Versement"),
                apps.get_model("versements", "LotPaiement"),
                apps.get_model("versements", "ConventionSignee"),
                apps.get_model("versements", "ModificationEcheancier"),
                apps.get_model("reddition", "Obligation"),
                apps.get_model("reddition", "Suivi"),
                apps.get_model("reddition", "Rapport"),
                apps.get_model("reddition", "Participation"),
                apps.get_model("reddition", "Depense"),
                apps.get_model("reddition", "PieceJointe"),
                apps.get_model("reddition", "VersionRapport"),
                apps.get_model("appels", "AppelDeProjets"),
                apps.get_model("appels", "CritereEvaluation"),
                apps.get_model("appels", "Evaluateur"),
                apps.get_model("appels", "Demande"),
                apps.get_model("appels", "Conflit"),
                apps.get_model("appels", "Evaluation"),
                apps.get_model("appels", "Note"),
                apps.get_model("appels", "Recommandation"),
            )
        }

    avant = etat()
    client.force_login(request.getfixturevalue(role))
    url = reverse(nom, kwargs={k: objets.get(v, v) for k, v in kwargs.items()})
    reponse = client.post(
        url,
        {
            "titre": "Piratage",
            "nom_legal": "Piratage",
            "commentaire": "x",
            "numero_resolution": "CE26 0001",
            "date_decision": "2026-01-05",
            "motif": "x",
            "date_paiement": "2026-02-01",
            "reference": "PIRATE-1",
            "montant": "99 000,00",
            "repartition-TOTAL_FORMS": "1",
            "repartition-INITIAL_FORMS": "0",
            "repartition-0-exercice": "2026",
            "repartition-0-montant": "99 000,00",
            "date_echeance": "2030-01-01",
            "exercice": "2026",
            "raison": "x",
            "type": "rapport_etape",
            "periode_debut": "2026-01-01",
            "periode_fin": "2026-06-30",
            "activites": "Piratage",
            "soumettre": "",
        },
    )
    assert reponse.status_code == statut
    assert etat() == avant


@pytest.mark.parametrize("cle", ["sub_r_cumul", "sub_r_passe"])
def test_separation_des_taches_sans_bouton(client, objets, cumul, gestionnaire, cle):
    """Whoever was responsible for a file or recommended it sees no Approuver button, and its
    page says why; another manager gets both."""
    s = Subvention.objects.get(pk=objets[cle])
    url = reverse("subventions:approuver", kwargs={"pk": s.pk})
    client.force_login(cumul)
    assert f'href="{url}"' not in client.get(s.get_absolute_url()).content.decode()
    refus = client.get(url)
    assert refus.status_code == 403
    assert "un autre gestionnaire doit l&#x27;approuver" in refus.content.decode()
    client.force_login(gestionnaire)
    assert f'href="{url}"' in client.get(s.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200


def test_un_superutilisateur_sans_role_n_a_aucun_droit_metier(superutilisateur):
    import rules

    from noyau.permissions import peut

    # Reading staff pages and the admin follow the administrator role a superuser carries;
    # every business action (create, edit, any lifecycle step) is refused.
    lecture = ("voir_", "telecharger_", "administrer")
    actions = [
        nom
        for nom in rules.permissions.permissions
        if not nom.partition(".")[2].startswith(lecture)
    ]
    assert "subventions.approuver" in actions and "subventions.creer_subvention" in actions
    assert [nom for nom in actions if peut(superutilisateur, nom)] == []
    # Django's own has_perm says yes to a superuser; no business code asks it.
    assert superutilisateur.has_perm("subventions.approuver")
