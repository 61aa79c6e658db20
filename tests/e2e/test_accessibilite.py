"""WCAG 2.2 AA rules checked by axe-core (vendored, no network) on every kind of page, as each
role sees it. A failure lists the rule, the help text and the offending elements."""

from pathlib import Path

import pytest

# Read-only: the pages of the demo shared by the worker (tests/e2e/conftest.py, `serveur_demo`).

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def avec_axe(page):
    """Give every document of the page's context axe-core from its start: sent to the browser
    once, instead of 650 kB through the protocol on each page (about 0.4 s of CPU a page)."""
    page.context.add_init_script(script=AXE)
    return page


def violations(page):
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    # Only the violations are reported: axe then skips building the nodes of what passes or does
    # not apply, which took about a third of its time; the rules run are the same.
    resultat = page.evaluate(
        """(normes) => axe.run(document, {
          runOnly: {type: 'tag', values: normes}, resultTypes: ['violations']
        })""",
        NORMES,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in resultat["violations"]
    ]


PAGES = {
    None: [
        "/connexion/",
        "/mot-de-passe/oublie/",
        "/nexiste-pas/",
        "/appels/",
        "/appels/{appel}/",
        "/inscription/",
        "/inscription/envoyee/",
        "/inscription/activer/MQ/x-y/",
    ],
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
        "/organismes/{org_a_verifier}/",
        "/organismes/{org_a_verifier}/verifier/",
        "/organismes/?a_verifier=true",
        "/organismes/{org}/contacts/ajouter/",
        "/organismes/{org}/documents/ajouter/",
        "/subventions/services/",
        "/subventions/services/nouveau/",
        "/subventions/services/{service}/",
        "/subventions/programmes/",
        "/subventions/programmes/{programme}/",
        "/appels/gestion/",
        "/appels/gestion/nouveau/",
        "/appels/gestion/{appel_ferme}/",
        "/appels/gestion/{appel}/modifier/",
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
        "/appels/gestion/{appel_ferme}/classement/",
        "/appels/gestion/{appel_ferme}/tableau/",
        "/appels/gestion/{appel_ferme}/subventions/creer/",
        "/subventions/{rapportee}/",
        "/reddition/obligations/{acceptee}/",
    ],
    "evaluateur": [
        "/appels/evaluation/",
        "/appels/evaluation/{appel_ferme}/",
        "/appels/evaluation/demandes/{demande_evaluee}/",
        "/appels/evaluation/demandes/{demande_a_declarer}/",
    ],
    "partenaire": [
        "/portail/",
        "/appels/demandes/{demande_soumise}/",
        "/appels/demandes/{demande_brouillon}/modifier/",
        "/appels/demandes/{demande_brouillon}/soumettre/",
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
def test_pages_sans_violation_wcag(page_demo, demo_en_lecture, role):
    page = avec_axe(page_demo(role))
    problemes = {}
    for gabarit in PAGES[role]:
        url = gabarit.format(**demo_en_lecture)
        page.goto(url)
        assert not role or "/connexion/" not in page.url, url
        trouvees = violations(page)
        if trouvees:
            problemes[url] = trouvees
    assert not problemes, "\n".join(f"{u}:\n  " + "\n  ".join(v) for u, v in problemes.items())
