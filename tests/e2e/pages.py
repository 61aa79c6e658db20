"""The pages the browser sweeps open on the shared demo, by role (None: not signed in); the
placeholders ({sub}, {org}…) are the demo's ids (tests/demo.py)."""

# Every kind of page, as each role sees it: axe-core checks each at desktop width
# (test_accessibilite), and tests/noyau/test_anglais.py reads each in English.
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
        # An exercice filtered on: the totals line gains its longest item, the year's share.
        "/subventions/?programme={programme}&exercice={exercice}",
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


PERSONNEL = [
    "/travail/",
    "/subventions/",
    "/subventions/{sub}/",
    "/subventions/programmes/",
    "/subventions/programmes/{programme}/",
    "/organismes/",
    "/organismes/{org}/",
    "/subventions/services/",
]
# The pages axe-core checks again on a phone (320 px, test_telephones), role → the demo account
# that holds it: the ones most used on a phone. test_accessibilite runs it on every page at
# desktop width; running it on a phone on every page too would add close to a second a page to
# the CI's browser budget.
AXE_TELEPHONE = {
    "agent": PERSONNEL,
    "gestionnaire": PERSONNEL,
    "admin": PERSONNEL,
    "partenaire": [
        "/portail/",
        "/portail/profil/",
        "/portail/profil/modifier/",
        "/subventions/{sub}/",
        "/organismes/{org}/",
    ],
}
# Reflow (320 px) is required of every page: each role's are those test_accessibilite opens, so
# that a page added there is measured on a phone too, and those above.
PAGES_TELEPHONE = {
    role: list(dict.fromkeys(PAGES.get(role, []) + AXE_TELEPHONE.get(role, [])))
    for role in dict.fromkeys([*PAGES, *AXE_TELEPHONE])
}

# The partner's report form: its grid has its own phone layout (test_ecrans).
RAPPORT = "/reddition/obligations/{a_rediger}/rapport/"
# Every page either sweep opens (the phone's list holds the accessibility list), and the report
# form: measured at 1280 px for tables that scroll sideways, in the same visit as axe-core.
PAGES_BUREAU = {
    role: pages + ([RAPPORT] if role == "partenaire" else [])
    for role, pages in PAGES_TELEPHONE.items()
}

# Each table wider than the region that holds it (it would scroll sideways), or than the page.
TABLES_TROP_LARGES = """() => {
  const page = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main table')].map((t) => {
    const region = t.closest('.table-defilante') || t.parentElement;
    const nom = (t.caption && t.caption.textContent.trim())
      || region.getAttribute('aria-labelledby') || t.className;
    return {nom: nom.slice(0, 60), table: Math.round(t.getBoundingClientRect().width),
            region: region.clientWidth, defile: region.scrollWidth, page};
  }).filter((x) => x.defile > x.region + 1 || x.table > x.page);
}"""
