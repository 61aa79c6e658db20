"""Rapport annuel du programme (PDF), read back with pypdf: totals against the selectors and the
database, French text and money, the grants list's header on every page, metadata, errors."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from rapports import selectors
from rapports.documents.annuel import rapport_annuel
from subventions.models import Repartition, Subvention
from tests.factories import RepartitionFactory, SubventionFactory
from versements.models import Versement

from .conftest import subvention
from .lecture import montant_pdf, pages, pdf_de, texte

S = Subvention.Statut
# The text layer gives one line per cell.
# ("Part accordée de l'exercice 2026" wraps in its column.)
# The list's header as a text extractor reads it: one line, the cells in order.
ENTETE_LISTE = "Numéro Organisme Projet Statut Montant proposé Montant accordé Part accordée de"


def url(programme, **parametres):
    base = reverse("rapports:rapport_annuel", args=[programme.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in parametres.items()) if parametres else "")


def test_totaux_egaux_aux_selecteurs_et_a_la_base(jeu, client_de, gestionnaire):
    inclusive = jeu["inclusive"]
    reponse = client_de(gestionnaire).get(url(inclusive, exercice=2026))
    assert (
        'filename="rapport-annuel-montreal-inclusive-2026.pdf"' in (reponse["Content-Disposition"])
    )
    contenu = texte(pdf_de(reponse))
    filtres = selectors.Filtres(programme=inclusive, exercice=2026)
    total = selectors.situation(user=gestionnaire, filtres=filtres)["total"]
    engage = Repartition.objects.filter(
        subvention__programme=inclusive,
        exercice=2026,
        subvention__statut__in=Subvention.STATUTS_ENGAGES,
    ).aggregate(t=Sum("montant"))["t"]
    verse = Versement.objects.filter(
        subvention__programme=inclusive, statut="paye", exercice=2026
    ).aggregate(t=Sum("montant"))["t"]
    assert (total["enveloppe"], total["engage"], total["verse"]) == (
        Decimal("500000.00"),
        engage,
        verse,
    )
    assert engage == Decimal("200000.50") and verse == Decimal("96000.00")
    for montant in (total["enveloppe"], engage, verse, total["solde"]):
        assert montant_pdf(montant) in contenu
    assert "299 999,50 $" in contenu
    # Every status with its count; the arrondissements' total is the engagé.
    nombres = {
        s["libelle"]: s["nombre"] for s in selectors.par_statut(user=gestionnaire, filtres=filtres)
    }
    assert nombres["En cours"] == 1 and nombres["Refusée"] == 1
    arrondissements = selectors.engage_par_arrondissement(user=gestionnaire, filtres=filtres)
    assert sum(a["montant"] for a in arrondissements) == engage
    assert [a["arrondissement"] for a in arrondissements] == [jeu["arr"][0].nom, jeu["arr"][1].nom]
    assert all(a["arrondissement"] in contenu for a in arrondissements)


def test_texte_francais_graphiques_et_metadonnees(jeu, client_de, agent):
    lecteur = pdf_de(client_de(agent).get(url(jeu["inclusive"], exercice=2026)))
    contenu = texte(lecteur)
    for mot in (
        "Rapport annuel du programme",
        "Montréal inclusive — exercice 2026",
        "Généré le",
        "Enveloppe, engagé et versé de l'exercice",
        "Participants rejoints par statut d'immigration",
        "Données du graphique",
        "Participants par rubrique",
        "Montant engagé par arrondissement de l'organisme",
        "Accueil Plateau",
        "Liste des subventions",
    ):
        assert mot in contenu, mot
    # The grant of the other programme is not listed.
    assert "Zones d'inclusion" not in contenu
    assert lecteur.metadata.title == "Rapport annuel du programme — Montréal inclusive — 2026"
    assert lecteur.metadata.author == "Ville de Montréal — BINAM"
    assert lecteur.trailer["/Root"]["/Lang"] == "fr-CA"
    total = len(lecteur.pages)
    assert f"Page {total} de {total}" in pages(lecteur)[-1]


def contenu_de(textes) -> str:
    return " ".join(" ".join(textes).split())


def test_liste_longue_entete_repete(jeu, client_de, gestionnaire):
    inclusive, organisme = jeu["inclusive"], jeu["organismes"][0]
    for i in range(90):
        subvention(
            inclusive,
            organisme,
            S.EN_COURS,
            {2026: Decimal("1000.00") + i},
            titre=f"Projet numéro {i} " + "très long " * 12,
        )
    lecteur = pdf_de(client_de(gestionnaire).get(url(inclusive, exercice=2026)))
    textes = pages(lecteur)
    liste = [i for i, t in enumerate(textes) if ENTETE_LISTE in t]
    assert len(liste) >= 3, textes[-1]
    assert liste == list(range(liste[0], len(textes)))  # every page of the list
    # Long titles wrap in their column, whole, never cut with "…".
    assert "…" not in contenu_de(textes)
    assert "Projet numéro 7 " + "très long " * 11 + "très long" in contenu_de(textes)
    du_programme = Subvention.objects.filter(programme=inclusive)
    listees = du_programme.avec_argent_en(2026)
    contenu = "\n".join(textes)
    assert listees.count() == 94
    assert all(numero in contenu for numero in listees.values_list("numero", flat=True))
    # Only 2027 in its répartition: not a grant of the 2026 report.
    assert du_programme.exclude(pk__in=listees).get().numero not in contenu


def test_exercice_par_defaut_et_sans_subvention(client_de, gestionnaire):
    programme = SubventionFactory(statut=S.EN_ANALYSE).programme
    Subvention.objects.all().delete()
    reponse = client_de(gestionnaire).get(url(programme))
    annee = datetime.date.today().year
    assert f"-{annee}.pdf" in reponse["Content-Disposition"]
    contenu = texte(pdf_de(reponse))
    assert "Aucune subvention." in contenu and montant_pdf(Decimal("0")) in contenu


@pytest.mark.parametrize("exercice", ["abc", "1850", "2026.5"])
def test_exercice_invalide_400_en_francais(jeu, client_de, gestionnaire, exercice):
    reponse = client_de(gestionnaire).get(url(jeu["inclusive"], exercice=exercice))
    assert reponse.status_code == 400
    assert "text/html" in reponse["Content-Type"]
    assert 'class="erreurs"' in reponse.content.decode()


def test_programme_inconnu_404(db, client_de, gestionnaire):
    reponse = client_de(gestionnaire).get(reverse("rapports:rapport_annuel", args=[999999]))
    assert reponse.status_code == 404


def test_liens_tableau_de_bord_et_programme(jeu, client_de, gestionnaire):
    client = client_de(gestionnaire)
    inclusive = jeu["inclusive"]
    lien = url(inclusive, exercice=2026)
    tableau = reverse("rapports:tableau_de_bord")
    html = client.get(tableau, {"programme": inclusive.pk, "exercice": 2026}).content.decode()
    assert f'href="{lien}"' in html
    assert "rapport-annuel.pdf" not in client.get(tableau, {"exercice": 2026}).content.decode()
    page = client.get(reverse("subventions:programme_detail", args=[inclusive.pk]))
    assert f'href="{lien}"' in page.content.decode()
    assert "Rapport annuel 2027 (PDF)" in page.content.decode()


def test_requetes_bornees(jeu, client_de, gestionnaire, django_assert_max_num_queries):
    client = client_de(gestionnaire)
    for _i in range(5):
        RepartitionFactory(
            subvention=SubventionFactory(programme=jeu["inclusive"], statut=S.EN_COURS),
            exercice=2026,
        )
    with django_assert_max_num_queries(40):
        assert client.get(url(jeu["inclusive"], exercice=2026)).status_code == 200


def test_en_anglais(jeu, gestionnaire):
    """The same document for a reader of the English pages: its words, its money, its /Lang."""
    with translation.override("en"):
        contenu = rapport_annuel(user=gestionnaire, programme=jeu["inclusive"], exercice=2026)
    lecteur = PdfReader(io.BytesIO(contenu))
    assert lecteur.trailer["/Root"]["/Lang"] == "en-CA"
    assert lecteur.metadata.title == "Program annual report — Montréal inclusive — 2026"
    lu = "\n".join(page.extract_text() for page in lecteur.pages)
    assert "$200,000.50" in lu and "List of grants" in lu and "Chart data:" in lu
