"""Every URL of the project × every role, with the expected answer.

Adding a URL without adding it here fails `test_chaque_url_est_dans_la_table`. "a" objects
belong to the partner's organisation and are assigned to the agent; "b" objects belong to
another organisation and another agent.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from subventions.models import Subvention
from tests.factories import (
    ContactFactory,
    DocumentFactory,
    ProgrammeFactory,
    ServiceFactory,
    SubventionFactory,
)

ROLES = ("anonyme", "partenaire", "agent", "gestionnaire", "administrateur")


def attendu(anonyme, partenaire, agent, gestionnaire, administrateur):
    return dict(zip(ROLES, (anonyme, partenaire, agent, gestionnaire, administrateur), strict=True))


PUBLIC = attendu(200, 200, 200, 200, 200)
CONNECTE = attendu(302, 200, 200, 200, 200)
PERSONNEL = attendu(302, 403, 200, 200, 200)
AGENT_SEUL = attendu(302, 403, 200, 403, 403)
OBJET_A = attendu(302, 200, 200, 200, 200)  # the partner's own object: readable by all roles
OBJET_B = attendu(302, 404, 200, 200, 200)  # another organisation's object: 404 for the partner
PERSONNEL_A = attendu(302, 403, 200, 200, 200)
PERSONNEL_B = attendu(302, 404, 200, 200, 200)
EDITION_A = attendu(302, 403, 200, 403, 403)
EDITION_B = attendu(302, 404, 200, 403, 403)
EDITION_SUBVENTION_B = attendu(302, 404, 403, 403, 403)  # assigned to another agent

TABLE = [
    ("accueil", {}, attendu(302, 302, 302, 302, 302)),
    ("file_travail", {}, PERSONNEL),
    ("sans_role", {}, CONNECTE),
    ("connexion", {}, attendu(200, 302, 302, 302, 302)),
    ("deconnexion", {}, attendu(405, 405, 405, 405, 405)),
    ("changer_mot_de_passe", {}, CONNECTE),
    ("mot_de_passe_change", {}, CONNECTE),
    ("reinitialisation", {}, PUBLIC),
    ("reinitialisation_envoyee", {}, PUBLIC),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "faux-jeton"}, PUBLIC),
    ("reinitialisation_terminee", {}, PUBLIC),
    ("sante", {}, PUBLIC),
    ("set_language", {}, attendu(302, 302, 302, 302, 302)),
    ("admin:index", {}, attendu(302, 302, 302, 302, 200)),
    ("portail:accueil", {}, attendu(302, 200, 403, 403, 403)),
    ("organismes:liste", {}, PERSONNEL),
    ("organismes:creer", {}, AGENT_SEUL),
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
        attendu(302, 404, 404, 404, 404),  # a contact through the wrong organisation
    ),
    ("organismes:contact_supprimer", {"pk": "org_a", "cpk": "contact_a"}, EDITION_A),
    ("organismes:contact_supprimer", {"pk": "org_b", "cpk": "contact_b"}, EDITION_B),
    ("organismes:document_ajouter", {"pk": "org_a"}, EDITION_A),
    ("organismes:document_ajouter", {"pk": "org_b"}, EDITION_B),
    ("organismes:document", {"pk": "org_a", "dpk": "doc_a"}, OBJET_A),
    ("organismes:document", {"pk": "org_b", "dpk": "doc_b"}, OBJET_B),
    ("organismes:document", {"pk": "org_a", "dpk": "doc_b"}, attendu(302, 404, 404, 404, 404)),
    ("subventions:liste", {}, PERSONNEL),
    ("subventions:creer", {}, AGENT_SEUL),
    ("subventions:detail", {"pk": "sub_a"}, OBJET_A),
    ("subventions:detail", {"pk": "sub_b"}, OBJET_B),
    ("subventions:modifier", {"pk": "sub_a"}, EDITION_A),
    ("subventions:modifier", {"pk": "sub_b"}, EDITION_SUBVENTION_B),
    ("subventions:transition", {"pk": "sub_a", "action": "recommander"}, EDITION_A),
    ("subventions:transition", {"pk": "sub_b", "action": "recommander"}, EDITION_SUBVENTION_B),
    (
        "subventions:transition",
        {"pk": "sub_a", "action": "approuver"},
        attendu(302, 403, 403, 403, 403),
    ),  # not yet recommended: nobody may approve
    (
        "subventions:transition",
        {"pk": "sub_r", "action": "approuver"},
        attendu(302, 403, 403, 200, 403),
    ),
    (
        "subventions:transition",
        {"pk": "sub_a", "action": "effacer"},
        attendu(404, 404, 404, 404, 404),
    ),
    ("subventions:historique", {"pk": "sub_a"}, PERSONNEL_A),
    ("subventions:historique", {"pk": "sub_b"}, PERSONNEL_B),
    ("subventions:programme_liste", {}, PERSONNEL),
    ("subventions:programme_detail", {"pk": "programme"}, PERSONNEL),
    ("catalogue:service_liste", {}, PERSONNEL),
    ("catalogue:service_creer", {}, AGENT_SEUL),
    ("catalogue:service_detail", {"pk": "service_a"}, PERSONNEL),
    ("catalogue:service_modifier", {"pk": "service_a"}, AGENT_SEUL),
]


def noms_d_url(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns != "admin":
                yield from noms_d_url(p.url_patterns, ns)
        elif p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_chaque_url_est_dans_la_table():
    manquantes = set(noms_d_url()) - {nom for nom, _, _ in TABLE}
    assert not manquantes, f"URL sans ligne dans la table des permissions: {sorted(manquantes)}"


@pytest.fixture
def objets(organisme, autre_organisme, agent, autre_agent):
    programme = ProgrammeFactory()
    return {
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
        "programme": programme.pk,
        "service_a": ServiceFactory(organisme=organisme).pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("nom", "kwargs", "statuts"),
    TABLE,
    ids=[f"{n}-{'-'.join(map(str, k.values()))}" for n, k, _ in TABLE],
)
def test_permission(request, client, objets, partenaire, role, nom, kwargs, statuts):
    if role != "anonyme":
        client.force_login(request.getfixturevalue(role))
    url = reverse(nom, kwargs={k: objets.get(v, v) for k, v in kwargs.items()})
    reponse = client.get(url)
    assert reponse.status_code == statuts[role], f"{role} GET {url}"
    if statuts[role] == 302 and role == "anonyme" and nom not in ("accueil", "set_language"):
        assert reponse.url.startswith(("/connexion/", "/admin/login/"))


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
    ("subventions:transition", {"pk": "sub_r", "action": "approuver"}, "agent", 403),
    ("subventions:transition", {"pk": "sub_r", "action": "approuver"}, "administrateur", 403),
    ("subventions:transition", {"pk": "sub_b", "action": "annuler"}, "partenaire", 404),
    ("catalogue:service_modifier", {"pk": "service_a"}, "gestionnaire", 403),
]


@pytest.mark.parametrize(("nom", "kwargs", "role", "statut"), ECRITURES_REFUSEES)
def test_ecriture_refusee_ne_change_rien(
    request, client, objets, partenaire, nom, kwargs, role, statut
):
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
                apps.get_model("organismes", "Membre"),
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
        },
    )
    assert reponse.status_code == statut
    assert etat() == avant
