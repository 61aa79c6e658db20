"""WCAG 2.2 AA rules checked by axe-core (vendored, no network) on every kind of page, as each
role sees it. A failure lists the rule, the help text and the offending elements."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.models import ServiceIntegration
from organismes.models import Document, Organisme
from reddition.models import Rapport
from subventions.models import Programme, Subvention
from tests.e2e.conftest import ouvrir_page
from versements.models import Versement

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(navigateur, live_server):
    """axe-core is injected as an inline script by the test itself: the page's CSP would block
    it, so this context bypasses the CSP (the other browser tests run under it)."""
    contexte, page = ouvrir_page(navigateur, live_server, bypass_csp=True)
    yield page
    contexte.close()


def violations(page):
    page.add_script_tag(content=AXE)
    resultat = page.evaluate(
        "(normes) => axe.run(document, {runOnly: {type: 'tag', values: normes}})", NORMES
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in resultat["violations"]
    ]


@pytest.fixture
def demo():
    call_command("demo", "--subventions", "12", "--organismes", "4", stdout=io.StringIO())
    partenaire_org = Organisme.objects.get(membres__user__username="partenaire")
    accepte = Rapport.objects.filter(
        statut="accepte",
        obligation__subvention__organisme=partenaire_org,
        versions__isnull=False,
    ).first()
    return {
        "org": partenaire_org.pk,
        "doc": Document.objects.filter(organisme=partenaire_org).courants().first().pk,
        "contact": partenaire_org.contacts.first().pk,
        "sub": Subvention.objects.filter(organisme=partenaire_org).first().pk,
        "recommandee": Subvention.objects.filter(statut="recommandee").first().pk,
        "analyse": Subvention.objects.filter(agent__username="agent", statut="en_analyse")
        .first()
        .pk,
        "programme": Programme.objects.first().pk,
        "a_amender": Subvention.objects.filter(statut__in=["convention_signee", "en_cours"])
        .exclude(agent__username="gestionnaire")
        .first()
        .pk,
        "service": ServiceIntegration.objects.first().pk,
        "approuvee": Subvention.objects.filter(agent__username="agent", statut="approuvee")
        .first()
        .pk,
        "signee": Subvention.objects.filter(versements__isnull=False).first().pk,
        "a_retenir": Versement.objects.filter(statut__in=["prevu", "autorise"]).first().pk,
        # The partner's grant with an accepted report: reached vs target on its page, and the
        # review of that report.
        "rapportee": accepte.obligation.subvention_id,
        "acceptee": accepte.obligation_id,
    }


PAGES = {
    None: ["/connexion/", "/mot-de-passe/oublie/", "/nexiste-pas/"],
    "agent": [
        "/travail/",
        "/subventions/",
        "/subventions/?statut=en_cours&exercice=abc",
        "/subventions/nouvelle/",
        "/subventions/{sub}/",
        "/subventions/{analyse}/modifier/",
        "/subventions/{analyse}/etape/recommander/",
        "/subventions/{approuvee}/etape/signer/",
        "/subventions/{sub}/historique/",
        "/organismes/",
        "/organismes/nouveau/",
        "/organismes/{org}/",
        "/organismes/{org}/modifier/",
        "/organismes/{org}/historique/",
        "/organismes/{org}/contacts/ajouter/",
        "/organismes/{org}/documents/ajouter/",
        "/subventions/services/",
        "/subventions/services/nouveau/",
        "/subventions/services/{service}/",
        "/subventions/programmes/",
        "/subventions/programmes/{programme}/",
    ],
    "gestionnaire": [
        "/travail/",
        "/subventions/{recommandee}/etape/approuver/",
        "/subventions/{signee}/",
        "/subventions/{signee}/versements/historique/",
        "/versements/",
        "/versements/lot/",
        "/versements/{a_retenir}/retenir/",
        "/subventions/{a_amender}/avenants/nouveau/",
        "/rapports/",
        "/rapports/?programme={programme}&exercice=abc",
        "/subventions/{rapportee}/",
        "/reddition/obligations/{acceptee}/",
    ],
    "partenaire": [
        "/portail/",
        "/subventions/{sub}/",
        "/subventions/{rapportee}/",
        "/portail/profil/",
        "/portail/profil/modifier/",
        "/portail/profil/contacts/ajouter/",
        "/portail/profil/contacts/{contact}/modifier/",
        "/portail/profil/contacts/{contact}/supprimer/",
        "/portail/profil/documents/ajouter/",
        "/portail/profil/documents/{doc}/remplacer/",
    ],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_sans_violation_wcag(page, connecter, demo, role):
    if role:
        connecter(role, "demo-binam-2026")
    problemes = {}
    for gabarit in PAGES[role]:
        url = gabarit.format(**demo)
        page.goto(url)
        trouvees = violations(page)
        if trouvees:
            problemes[url] = trouvees
    assert not problemes, "\n".join(f"{u}:\n  " + "\n  ".join(v) for u, v in problemes.items())
