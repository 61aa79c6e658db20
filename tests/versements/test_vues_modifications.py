"""The schedule form proposes what makes money payable sooner; the grant page shows the
proposal (who, when, why, before → after) to the staff, with the decision buttons exactly for
whoever may decide; the decision pages apply or refuse it."""

import datetime
import html

import pytest
from django.urls import reverse

from versements.models import ModificationEcheancier, Versement
from versements.services import echeancier as services
from versements.services import modifications

V = Versement.Statut
M = ModificationEcheancier.Statut
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db
MOTIF = "Le projet a démarré plus tôt que prévu."


def texte(reponse):
    return html.unescape(reponse.content.decode()).replace(NBSP, " ")


def _donnees(signee, premier, dernier, motif=""):
    """The reported case, made acceptable: 10 000 $ of the final 20 % moved onto the progress
    report (payable sooner, on less proof), the last 10 000 $ still on the final report."""
    return {
        "version": services.version_echeancier(signee),
        "motif": motif,
        "versements-TOTAL_FORMS": "3",
        "versements-INITIAL_FORMS": "2",
        "versements-MIN_NUM_FORMS": "0",
        "versements-MAX_NUM_FORMS": "12",
        "versements-0-versement": premier.pk,
        "versements-0-montant": "80 000,00",
        "versements-0-date_prevue": "2026-01-20",
        "versements-0-condition": "signature",
        "versements-1-versement": dernier.pk,
        "versements-1-montant": "10 000,00",
        "versements-1-date_prevue": "2026-12-31",
        "versements-1-condition": "rapport_final",
        "versements-2-montant": "10 000,00",
        "versements-2-date_prevue": "2026-09-01",
        "versements-2-condition": "rapport_etape",
    }


def _url(nom, modification):
    return reverse(nom, kwargs={"pk": modification.subvention_id, "mpk": modification.pk})


def _etat(signee):
    return list(signee.versements.order_by("rang").values_list("montant", "condition"))


def test_proposer_par_le_formulaire(client, signee, premier, dernier, agent):
    client.force_login(agent)
    url = reverse("versements:modifier_echeancier", kwargs={"pk": signee.pk})
    assert "Motif de la modification" in texte(client.get(url))
    avant = _etat(signee)
    sans_motif = client.post(url, _donnees(signee, premier, dernier))
    assert sans_motif.status_code == 200
    assert "soumis à l'approbation d'un gestionnaire" in texte(sans_motif)
    assert not ModificationEcheancier.objects.exists()
    reponse = client.post(url, _donnees(signee, premier, dernier, MOTIF), follow=True)
    assert "Modification de l'échéancier proposée" in texte(reponse)
    modification = ModificationEcheancier.objects.get()
    assert (modification.statut, modification.motif, modification.propose_par) == (
        M.PROPOSEE,
        MOTIF,
        agent,
    )
    assert _etat(signee) == avant


def test_le_cas_signale_est_refuse_par_le_formulaire(client, signee, premier, dernier, agent):
    client.force_login(agent)
    url = reverse("versements:modifier_echeancier", kwargs={"pk": signee.pk})
    donnees = _donnees(signee, premier, dernier, MOTIF)
    donnees.update(
        {
            "versements-1-montant": "20 000,00",
            "versements-1-condition": "signature",
            "versements-TOTAL_FORMS": "2",
        }
    )
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "le dernier versement d'une subvention attend toujours ce rapport" in texte(reponse)
    assert not ModificationEcheancier.objects.exists()


@pytest.fixture
def proposee(signee, premier, dernier, agent):
    lignes = [
        {
            "versement": premier.pk,
            "montant": premier.montant,
            "date_prevue": premier.date_prevue,
            "condition": premier.condition,
        },
        {
            "versement": dernier.pk,
            "montant": dernier.montant / 2,
            "date_prevue": dernier.date_prevue,
            "condition": dernier.condition,
        },
        {
            "versement": None,
            "montant": dernier.montant / 2,
            "date_prevue": premier.date_prevue.replace(month=9, day=1),
            "condition": Versement.Condition.RAPPORT_ETAPE,
        },
    ]
    return modifications.echeancier_proposer(
        subvention=signee,
        par=agent,
        version=services.version_echeancier(signee),
        lignes=lignes,
        motif=MOTIF,
    )


def test_la_fiche_montre_la_proposition_au_personnel(
    client, proposee, signee, agent, gestionnaire, partenaire
):
    approuver = _url("versements:modification_approuver", proposee)
    refuser = _url("versements:modification_refuser", proposee)
    client.force_login(gestionnaire)
    fiche = texte(client.get(signee.get_absolute_url()))
    assert "Modifications de l'échéancier soumises à approbation" in fiche
    assert MOTIF in fiche and "Proposée" in fiche
    # Before → after, line by line: the final instalment halved, a new one on the progress
    # report.
    assert "20 000,00 $, 31 décembre 2026, Sur acceptation du rapport final" in fiche
    assert "10 000,00 $, 31 décembre 2026, Sur acceptation du rapport final" in fiche
    assert "Sur acceptation du rapport d'étape" in fiche and "Nouveau" in fiche
    assert f'href="{approuver}"' in fiche and f'href="{refuser}"' in fiche
    # The proposer sees it, without the decision buttons; the partner does not see it.
    client.force_login(agent)
    fiche = texte(client.get(signee.get_absolute_url()))
    assert (
        MOTIF in fiche and f'href="{approuver}"' not in fiche and f'href="{refuser}"' not in fiche
    )
    client.force_login(partenaire)
    fiche = texte(client.get(signee.get_absolute_url()))
    assert MOTIF not in fiche and "soumises à approbation" not in fiche


def test_approuver_par_la_page(client, proposee, signee, gestionnaire):
    client.force_login(gestionnaire)
    url = _url("versements:modification_approuver", proposee)
    page = texte(client.get(url))
    assert MOTIF in page and "avant → après" in page
    reponse = client.post(url, follow=True)
    assert "approuvée : elle est appliquée" in texte(reponse)
    proposee.refresh_from_db()
    assert proposee.statut == M.APPROUVEE and proposee.decide_par == gestionnaire
    assert len(_etat(signee)) == 3
    fiche = texte(client.get(signee.get_absolute_url()))
    assert "Approuvée" in fiche and "Décidée par" in fiche
    # Decided: the page is refused with the reason.
    refus = client.get(url)
    assert refus.status_code == 403 and "déjà « Approuvée »" in texte(refus)


def test_refuser_par_la_page(client, proposee, signee, gestionnaire):
    avant = _etat(signee)
    client.force_login(gestionnaire)
    url = _url("versements:modification_refuser", proposee)
    assert client.post(url, {"motif_refus": ""}).status_code == 200
    reponse = client.post(url, {"motif_refus": "Attendre le rapport d'étape."}, follow=True)
    assert "refusée : l'échéancier reste tel quel" in texte(reponse)
    proposee.refresh_from_db()
    assert proposee.statut == M.REFUSEE and proposee.motif_refus == "Attendre le rapport d'étape."
    assert _etat(signee) == avant
    assert "Attendre le rapport d'étape." in texte(client.get(signee.get_absolute_url()))


def test_une_proposition_perimee_par_la_page(
    client, proposee, signee, premier, dernier, agent, gestionnaire
):
    services.echeancier_modifier(
        subvention=signee,
        par=agent,
        version=services.version_echeancier(signee),
        # A delay (applied at once): the first instalment a month later, in its exercice.
        lignes=[
            {
                "versement": premier.pk,
                "montant": premier.montant,
                "date_prevue": premier.date_prevue + datetime.timedelta(days=30),
                "condition": premier.condition,
            },
            {
                "versement": dernier.pk,
                "montant": dernier.montant,
                "date_prevue": dernier.date_prevue,
                "condition": dernier.condition,
            },
        ],
    )
    client.force_login(gestionnaire)
    fiche = texte(client.get(signee.get_absolute_url()))
    assert "elle ne peut plus être approuvée, seulement refusée" in fiche
    assert f'href="{_url("versements:modification_approuver", proposee)}"' not in fiche
    reponse = client.post(_url("versements:modification_approuver", proposee))
    assert reponse.status_code == 200 and "a changé depuis cette proposition" in texte(reponse)
    proposee.refresh_from_db()
    assert proposee.statut == M.PROPOSEE


def test_la_file_de_travail_du_gestionnaire(client, proposee, signee, agent, gestionnaire):
    client.force_login(gestionnaire)
    accueil = texte(client.get(reverse("file_travail")))
    assert "Modifications d'échéancier à approuver" in accueil and signee.numero in accueil
    url = reverse("file_travail_section", kwargs={"section": "modifications-echeancier"})
    for tri in ("", "?sort=-propose_le", "?sort=organisme", "?sort=propose_par"):
        page = client.get(url + tri)
        assert page.status_code == 200 and MOTIF in texte(page), tri
    export = client.get(url + "?_export=csv")
    contenu = b"".join(export.streaming_content).decode("utf-8-sig")
    assert signee.numero in contenu and MOTIF in contenu
    # The proposer, even a manager, finds nothing to approve there.
    client.force_login(agent)
    assert client.get(url).status_code == 403


def test_l_historique_garde_les_deux_etapes(client, proposee, signee, agent, gestionnaire):
    modifications.modification_echeancier_refuser(
        modification=proposee, par=gestionnaire, motif_refus="Attendre le rapport d'étape."
    )
    client.force_login(gestionnaire)
    page = texte(client.get(reverse("versements:historique", kwargs={"pk": signee.pk})))
    assert "Modification de l'échéancier proposée" in page
    assert "Modification de l'échéancier refusée" in page
    assert MOTIF in page and "Attendre le rapport d'étape." in page
    assert agent.get_full_name() in page and gestionnaire.get_full_name() in page
