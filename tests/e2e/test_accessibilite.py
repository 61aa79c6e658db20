"""WCAG 2.2 AA rules checked by axe-core (vendored, no network) on every kind of page, as each
role sees it. A failure lists the rule, the help text and the offending elements."""

from pathlib import Path

import pytest

from tests.demo import charger_la_demo
from tests.e2e.conftest import ouvrir_page

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
    return charger_la_demo(subventions=12, organismes=4)


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
