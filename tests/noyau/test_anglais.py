"""In English, no French is left on any page of any role, nor in the headers of the list exports.

The demo data is French (organisations, projects, boroughs, reference lists an administrator
edits): every text value stored in the database is removed from the page before the search, so
only what the interface itself writes remains. What is left is searched for words bearing French
accents and for a short list of French interface words."""

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from echanges.donnees_ouvertes.montreal import COLONNES as COLONNES_VILLE
from reddition.travail import SECTIONS
from tests.demo import charger_la_demo
from tests.e2e.pages import PAGES
from tests.html import texte_de_page

pytestmark = pytest.mark.django_db

# Pages the accessibility list leaves out, per demo account (None: anonymous).
AUTRES_PAGES = {
    None: ["/repertoire/", "/mot-de-passe/oublie/envoye/"],
    "agent": [
        "/reddition/obligations/",
        "/reddition/obligations/{acceptee}/",
        "/reddition/obligations/{acceptee}/rapport/",
        "/reddition/subventions/{signee}/ajouter/",
        "/subventions/services/{service}/modifier/",
        "/echanges/importations/",
        "/echanges/importations/nouvelle/",
        "/echanges/donnees-ouvertes/",
        "/mot-de-passe/changer/",
        "/rapports/echeancier-versements/",
        "/rapports/etat-reddition/",
    ],
    "gestionnaire": ["/rapports/", "/subventions/programmes/{programme}/enveloppe/"],
    "admin": ["/travail/", "/roles/journal/"],
    "partenaire": [
        "/appels/demandes/{demande_soumise}/",
        "/appels/demandes/{demande_brouillon}/modifier/",
        "/appels/demandes/{demande_brouillon}/soumettre/",
        "/reddition/obligations/{acceptee}/rapport/",
        "/reddition/obligations/{a_rediger}/",
        "/reddition/obligations/{a_rediger}/rapport/",
    ],
}
# Forms sent empty or wrong: their errors are read like the pages.
ENVOIS = {
    "agent": ["/subventions/nouvelle/", "/organismes/nouveau/", "/echanges/importations/nouvelle/"],
    "gestionnaire": [
        "/subventions/{recommandee}/etape/approuver/",
        "/versements/{a_retenir}/retenir/",
    ],
    "partenaire": [
        "/portail/profil/contacts/ajouter/",
        "/portail/profil/documents/ajouter/",
        "/reddition/obligations/{a_rediger}/rapport/",
    ],
    None: ["/connexion/"],
}
FAUX = {
    "username": "x",
    "password": "y",
    "montant_accorde": "abc",
    "courriel": "x",
    "p_1_1": "-3",
    "soumettre": "",
}
EXPORTS = {
    "agent": [
        "/subventions/",
        "/organismes/",
        "/subventions/services/",
        "/subventions/programmes/",
        "/reddition/obligations/",
    ],
    "gestionnaire": ["/versements/"],
    "admin": ["/roles/journal/"],
}


def sections_de(user):
    """The work queue sections the user may open (each page and its exports)."""
    return [f"/travail/{s.slug}/" for s in SECTIONS.values() if user.has_perm(s.permission)]


# Proper nouns the English interface keeps: the city, the province, the service's official
# names, the provincial programme's name, the language switch, the City's open data columns.
NOMS_PROPRES = [
    "Bureau d'intégration des nouveaux arrivants à Montréal",
    settings.DONNEES_OUVERTES_SERVICE,
    settings.DONNEES_OUVERTES_DIRECTION,
    "Nouveau Départ",
    "Registraire des entreprises",  # the Québec registrar's name, in every language
    "Français",
    "Montréal",
    "Québec",
    *COLONNES_VILLE,
]
MOTS_FRANCAIS = {
    "le", "la", "les", "des", "du", "aucun", "aucune", "et", "ou", "une", "pour", "avec",
    "sans", "dans", "oui", "non", "voir", "modifier", "enregistrer", "retour", "annuler",
    "supprimer", "rechercher", "filtrer", "ajouter", "montant", "statut", "organisme",
    "organismes", "subvention", "subventions", "versement", "versements", "rapports",
    "exercice", "échéance", "accordé", "télécharger", "au", "aux", "sur", "est", "pas",
    "nouveau", "nouvelle", "fermer", "valider", "confirmer", "envoyer", "fichier", "lignes",
    "tous", "toutes", "rubrique", "rubriques", "mo", "ko",
}  # fmt: skip
ACCENTS = re.compile(r"[éèêëàâçôûùîïœÉÈÊÀÇÔ]")
MOT = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
# data-un, data-plusieurs: the summary sentences the report form's script fills in.
ATTRIBUTS = {"title", "aria-label", "placeholder", "alt", "data-un", "data-plusieurs"}


class Texte(HTMLParser):
    """Visible text and the attributes read aloud or shown on hover, one piece per node. What is
    in <code> is a parameter or a file's column, not prose: it stays as it is in any language."""

    def __init__(self):
        super().__init__()
        self.morceaux, self.cache = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self.cache += 1
        self.morceaux += [v for k, v in attrs if k in ATTRIBUTS and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.cache -= 1

    def handle_data(self, data):
        if not self.cache and data.strip():
            self.morceaux.append(data)


def valeurs_de_la_base():
    """Every text stored in the database, longest first so a name is removed before its parts."""
    valeurs = set(NOMS_PROPRES)
    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, (models.CharField, models.TextField)) and not champ.choices:
                valeurs.update(
                    v.strip()
                    for v in modele._default_manager.values_list(champ.attname, flat=True)
                    if v and len(v.strip()) > 1
                )
    return sorted(valeurs, key=len, reverse=True)


def francais_restant(morceaux, donnees, valeurs):
    """The French words left once the stored values are taken out of each piece of text. A value
    cut short to fit a chart or a cell ("Étudier et faire reconnaître ses compét…") is data too."""
    restes = set()
    for morceau in morceaux:
        morceau = " ".join(morceau.split())
        if morceau.endswith("…") and any(v.startswith(morceau[:-1]) for v in valeurs):
            continue
        morceau = donnees.sub(" ", morceau)
        for mot in MOT.findall(morceau):
            if mot.endswith("…") or mot.isdigit():
                continue
            if ACCENTS.search(mot) or mot.lower() in MOTS_FRANCAIS:
                restes.add(mot)
    return restes


def entetes_export(reponse, format_export):
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    if format_export == "csv":
        return next(csv.reader(io.StringIO(contenu.decode("utf-8-sig"))), [])
    feuille = openpyxl.load_workbook(io.BytesIO(contenu), read_only=True).active
    # A title row may come before the header: the first rows hold both; data values are removed
    # like on the pages.
    lignes = feuille.iter_rows(max_row=3, values_only=True)
    return [feuille.title, *(str(c) for ligne in lignes for c in ligne if c is not None)]


@pytest.fixture
def demo():
    return charger_la_demo(subventions=25, organismes=6)


def test_aucun_francais_en_anglais(client, demo):
    valeurs = valeurs_de_la_base()
    donnees = re.compile("|".join(re.escape(v) for v in valeurs))
    problemes = {}
    for role in [None, "agent", "gestionnaire", "admin", "partenaire"]:
        client.logout()
        sections = []
        if role:
            user = get_user_model().objects.get(username=role)
            client.force_login(user)
            # The superuser passes has_perm but holds no officer role: the queue is not theirs.
            sections = sections_de(user) if role in ("agent", "gestionnaire") else []
        client.post("/langue/setlang/", {"language": "en", "next": "/"})
        for gabarit in PAGES.get(role, []) + AUTRES_PAGES[role] + sections:
            url = gabarit.format(**demo)
            reponse = client.get(url)
            assert reponse.status_code in (200, 404), f"{role} {url}: {reponse.status_code}"
            texte = Texte()
            texte.feed(texte_de_page(reponse))
            if restes := francais_restant(texte.morceaux, donnees, valeurs):
                problemes[f"{role} {url}"] = sorted(restes)
        for gabarit in ENVOIS.get(role, []):
            url = gabarit.format(**demo)
            reponse = client.post(url, FAUX)
            assert reponse.status_code == 200, f"{role} POST {url}: {reponse.status_code}"
            texte = Texte()
            texte.feed(texte_de_page(reponse))
            if restes := francais_restant(texte.morceaux, donnees, valeurs):
                problemes[f"{role} POST {url}"] = sorted(restes)
        for liste in EXPORTS.get(role, []) + sections:
            for format_export in ("csv", "xlsx"):
                url = f"{liste}?_export={format_export}"
                reponse = client.get(url)
                assert reponse.status_code == 200, f"{role} {url}: {reponse.status_code}"
                entetes = entetes_export(reponse, format_export)
                if restes := francais_restant(entetes, donnees, valeurs):
                    problemes[f"{role} {url}"] = sorted(restes)
    assert not problemes, "\n".join(f"{page}: {mots}" for page, mots in problemes.items())
