"""No query string makes a page answer 500: every list (found in the URLconf), its exports, and
every table of the pages that show several (found in the page's context, with its prefix) take
hostile `page`, `per_page` and `sort` values, for each role that may see the page.

A few rows of each kind are built once for the module, inside a transaction rolled back at the
end (an empty table broke as well: Django's Paginator with `per_page=-1` has -1 pages)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django_tables2 import Table

from noyau.listes import ListeView
from reddition.models import Obligation, Suivi
from reddition.travail import SECTIONS
from subventions.models import Subvention
from tests.factories import (
    ContactFactory,
    DemandeFactory,
    MembreFactory,
    ObligationFactory,
    SubventionFactory,
    UserFactory,
    VersementFactory,
    appel_complet,
)

ROLES = ["agent", "gestionnaire", "admin", "partenaire"]

# Pages that show tables beside other content (their prefixes are read from the page itself).
PAGES_A_TABLES = ["/travail/", "/portail/", "/portail/profil/", "/organismes/{org}/"]

# Lists of one object's rows: their `<int:pk>` is filled from the module's data.
LISTES_D_UN_OBJET = {"appels/gestion/<int:pk>/demandes/": "appels/gestion/{appel}/demandes/"}

# Each request gives these values to `page`, `per_page` and `sort` of every table of the page.
HOSTILES = [
    {"per_page": "-1", "page": "-1", "sort": "inconnue"},
    {"per_page": "0", "page": "99999999999999999999", "sort": ""},
    {"per_page": "99999999999999999999", "page": "²", "sort": "--pk"},
    {"per_page": ["1", "-1"], "page": ["2", "1e9"], "sort": ["zzz", "-__class__"]},
]
# The exports write every row but built a paginated table first: the values that broke them.
EXPORTS = [(HOSTILES[0], "csv"), (HOSTILES[3], "xlsx")]


def _motifs(resolveur, prefixe=""):
    for motif in resolveur.url_patterns:
        chemin = prefixe + str(motif.pattern)
        if isinstance(motif, URLResolver):
            yield from _motifs(motif, chemin)
        elif isinstance(motif, URLPattern):
            yield chemin, motif.callback


def listes():
    """Every ListeView of the URLconf, the work queue's sections expanded."""
    urls = []
    for chemin, vue in _motifs(get_resolver()):
        classe = getattr(vue, "view_class", None)
        if not (classe and issubclass(classe, ListeView)):
            continue
        if chemin in LISTES_D_UN_OBJET:
            urls.append("/" + LISTES_D_UN_OBJET[chemin])
        elif "<slug:section>" in chemin:
            urls += ["/" + chemin.replace("<slug:section>", slug) for slug in SECTIONS]
        else:
            assert "<" not in chemin, chemin
            urls.append("/" + chemin)
    return urls


def test_les_listes_sont_trouvees():
    trouvees = listes()
    assert len(trouvees) >= 16
    assert {"/subventions/", "/versements/", "/roles/journal/", "/travail/profils-modifies/"} <= (
        set(trouvees)
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        agent = UserFactory(username="agent", roles=["agent"])
        UserFactory(username="gestionnaire", roles=["gestionnaire"])
        UserFactory(username="admin", roles=["administrateur"])
        membre = MembreFactory(user__username="partenaire")
        organisme = membre.organisme
        ContactFactory.create_batch(2, organisme=organisme)
        for statut in (Subvention.Statut.RECOMMANDEE, Subvention.Statut.EN_COURS):
            SubventionFactory(organisme=organisme, agent=agent, statut=statut)
        VersementFactory.create_batch(2, subvention__organisme=organisme, subvention__agent=agent)
        a_corriger = ObligationFactory(
            subvention__organisme=organisme,
            subvention__agent=agent,
            statut=Obligation.Statut.A_CORRIGER,
        )
        Suivi.objects.create(
            obligation=a_corriger, action=Suivi.Action.A_CORRIGER, par=agent, commentaire="Non."
        )
        demande = DemandeFactory(appel=appel_complet(), organisme=organisme, etat="soumise")
        yield {"org": organisme.pk, "appel": demande.appel_id}
        transaction.set_rollback(True)


def prefixes_des_tables(reponse):
    """The prefix of each django-tables2 table the page rendered, inclusion tags included."""
    prefixes = set()
    for contexte in reponse.context or []:
        for valeur in contexte.flatten().values():
            if isinstance(valeur, Table):
                prefixes.add(valeur.prefix or "")
    return prefixes


def parametres(prefixes, valeurs):
    return {prefixe + nom: valeur for prefixe in prefixes for nom, valeur in valeurs.items()}


@pytest.mark.parametrize("role", ROLES)
def test_aucun_500_quels_que_soient_les_parametres(client, demo, db, role):
    client.force_login(get_user_model().objects.get(username=role))
    problemes, vues = [], 0
    pages = [(url.format(**demo), True) for url in listes()]
    pages += [(url.format(**demo), False) for url in PAGES_A_TABLES]
    for url, est_liste in pages:
        reponse = client.get(url)
        if reponse.status_code != 200:
            continue  # not this role's page
        prefixes = prefixes_des_tables(reponse)
        assert prefixes or not est_liste, f"{url}: no table found on the list"
        vues += bool(prefixes)
        essais = [parametres(prefixes, v) for v in HOSTILES]
        if est_liste:
            essais += [{**v, "_export": f} for v, f in EXPORTS]
        for params in essais:
            statut = client.get(url, params).status_code
            if statut >= 500:
                problemes.append(f"{url} {params}: {statut}")
    assert vues, f"{role} sees no page with a table"
    assert not problemes, "\n".join(problemes)


def test_pages_a_tables_du_partenaire_toutes_vues(client, demo, db):
    """The partner's pages each show their prefixed tables (the test above reached them)."""
    client.force_login(get_user_model().objects.get(username="partenaire"))
    assert prefixes_des_tables(client.get("/portail/")) >= {
        "subventions-", "versements-", "obligations-", "messages-",
    }  # fmt: skip
    assert prefixes_des_tables(client.get("/portail/profil/")) >= {"contacts-", "documents-"}
    client.force_login(get_user_model().objects.get(username="agent"))
    assert "subventions-" in prefixes_des_tables(client.get(f"/organismes/{demo['org']}/"))


@pytest.mark.parametrize("prefixe", ["subventions-", "versements-", "obligations-", "messages-"])
def test_par_page_negatif_sur_le_portail_donne_une_ligne(client, demo, db, prefixe):
    client.force_login(get_user_model().objects.get(username="partenaire"))
    reponse = client.get("/portail/", {f"{prefixe}per_page": "-1"})
    assert reponse.status_code == 200
    table = next(
        v
        for c in reponse.context
        for v in c.flatten().values()
        if isinstance(v, Table) and v.prefix == prefixe
    )
    assert table.paginator.per_page == 1


def test_export_avec_par_page_negatif_garde_toutes_les_lignes(client, demo, db):
    client.force_login(get_user_model().objects.get(username="agent"))
    normal = client.get("/organismes/", {"_export": "csv"})
    hostile = client.get("/organismes/", {"_export": "csv", "per_page": "-1", "page": "-1"})
    assert hostile.status_code == 200
    assert contenu(hostile) == contenu(normal)


def contenu(reponse):
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
