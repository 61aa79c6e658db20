"""Obligation pages: the staff list and its export, one obligation's page and its steps, the
grant page's section; what a partner sees of them."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reddition.models import Obligation, Suivi
from subventions.models import Subvention
from tests.factories import ObligationFactory, SubventionFactory

S = Subvention.Statut
ST = Obligation.Statut
T = Obligation.Type
JOUR = datetime.timedelta(days=1)
NOTE_INTERNE = "Note interne: relancer la directrice"
A_CORRIGER = "Ajoutez les dépenses de loyer"
pytestmark = pytest.mark.django_db


@pytest.fixture
def subvention(organisme, agent):
    return SubventionFactory(organisme=organisme, agent=agent, statut=S.EN_COURS)


@pytest.fixture
def obligations(subvention, autre_organisme):
    aujourd_hui = timezone.localdate()
    retard = ObligationFactory(
        subvention=subvention,
        periode_debut=aujourd_hui - 200 * JOUR,
        periode_fin=aujourd_hui - 100 * JOUR,
        date_echeance=aujourd_hui - 10 * JOUR,
    )
    final = ObligationFactory(
        subvention=subvention,
        type=T.RAPPORT_FINAL,
        periode_debut=aujourd_hui - 200 * JOUR,
        periode_fin=aujourd_hui + 100 * JOUR,
        date_echeance=aujourd_hui + 160 * JOUR,
    )
    etrangere = ObligationFactory(
        subvention__organisme=autre_organisme, date_echeance=aujourd_hui + 100 * JOUR
    )
    return {"retard": retard, "final": final, "etrangere": etrangere}


def test_liste_filtre_en_retard_et_exporte(client_de, gestionnaire, obligations):
    client = client_de(gestionnaire)
    page = client.get("/reddition/obligations/", {"etat": "en_retard"}).content.decode()
    assert obligations["retard"].subvention.numero in page
    assert obligations["etrangere"].subvention.numero not in page
    assert "En retard" in page
    reponse = client.get("/reddition/obligations/", {"etat": "en_retard", "_export": "xlsx"})
    feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
    lignes = list(feuille.values)
    assert len(lignes) == 2 and "En retard" in lignes[1]
    assert obligations["retard"].subvention.numero in lignes[1]
    csv = client.get("/reddition/obligations/", {"type": "rapport_final", "_export": "csv"})
    texte = b"".join(csv.streaming_content).decode()
    assert texte.count("\n") == 2 and "Rapport final" in texte


def test_tri_par_etat_et_filtre_invalide(client_de, gestionnaire, obligations):
    client = client_de(gestionnaire)
    assert client.get("/reddition/obligations/", {"sort": "etat"}).status_code == 200
    reponse = client.get("/reddition/obligations/", {"echeance_min": "pas-une-date"})
    assert reponse.status_code == 200


def test_parcours_d_un_rapport_par_la_page(client_de, agent, obligations):
    o = obligations["retard"]
    client = client_de(agent)
    url = o.get_absolute_url()
    soumettre = reverse("reddition:action", kwargs={"pk": o.pk, "action": "marquer_soumise"})
    accepter = reverse("reddition:action", kwargs={"pk": o.pk, "action": "accepter"})
    corriger = reverse("reddition:action", kwargs={"pk": o.pk, "action": "a_corriger"})
    page = client.get(url).content.decode()
    assert f'href="{soumettre}"' in page and f'href="{accepter}"' not in page
    assert client.post(accepter).status_code == 403  # nothing received yet
    assert client.post(soumettre, {"commentaire": NOTE_INTERNE, "interne": "on"}).status_code == 302
    page = client.get(url).content.decode()
    assert f'href="{accepter}"' in page and f'href="{soumettre}"' not in page
    # Sending back without saying what to correct: an error on the form, nothing changes.
    reponse = client.post(corriger, {"commentaire": " "})
    assert reponse.status_code == 200 and "resume-erreurs" in reponse.content.decode()
    assert client.post(corriger, {"commentaire": A_CORRIGER, "interne": "on"}).status_code == 302
    o.refresh_from_db()
    assert o.statut == ST.A_CORRIGER
    assert not o.suivis.get(action=Suivi.Action.A_CORRIGER).interne


def test_echeance_ajout_et_retrait_par_la_page(client_de, agent, subvention, obligations):
    client = client_de(agent)
    o = obligations["retard"]
    url = reverse("reddition:echeance", kwargs={"pk": o.pk})
    nouvelle = timezone.localdate() + 30 * JOUR
    reponse = client.post(url, {"date_echeance": nouvelle.isoformat(), "raison": ""})
    assert reponse.status_code == 200
    client.post(url, {"date_echeance": nouvelle.isoformat(), "raison": "Report accordé"})
    o.refresh_from_db()
    assert o.date_echeance == nouvelle and o.etat == "a_venir"
    historique = client.get(o.get_absolute_url()).content.decode()
    assert "Report accordé" in historique
    ajout = reverse("reddition:ajouter", kwargs={"pk": subvention.pk})
    assert f'href="{ajout}"' in client.get(subvention.get_absolute_url()).content.decode()
    reponse = client.post(
        ajout,
        {
            "type": "etats_financiers",
            "periode_debut": "2026-01-01",
            "periode_fin": "2026-12-31",
            "date_echeance": "2027-03-31",
        },
    )
    nouvelle_obligation = subvention.obligations.get(type=T.ETATS_FINANCIERS)
    assert reponse.url == nouvelle_obligation.get_absolute_url()
    doublon = client.post(
        ajout,
        {
            "type": "rapport_final",
            "periode_debut": "2026-01-01",
            "periode_fin": "2026-12-31",
            "date_echeance": "2026-12-01",
        },
    )
    assert doublon.status_code == 200
    retrait = reverse("reddition:retirer", kwargs={"pk": nouvelle_obligation.pk})
    assert client.post(retrait).url == subvention.get_absolute_url()
    assert not subvention.obligations.filter(type=T.ETATS_FINANCIERS).exists()
    final = reverse("reddition:retirer", kwargs={"pk": obligations["final"].pk})
    assert client.get(final).status_code == 403


def test_ce_que_voit_le_partenaire(client_de, partenaire, agent, subvention, obligations):
    o = obligations["retard"]
    Suivi.objects.create(
        obligation=o, action="soumise", par=agent, commentaire=NOTE_INTERNE, interne=True
    )
    Suivi.objects.create(obligation=o, action="a_corriger", par=agent, commentaire=A_CORRIGER)
    client = client_de(partenaire)
    fiche = client.get(subvention.get_absolute_url()).content.decode()
    assert "Reddition de comptes" in fiche and "Rapport final" in fiche
    assert "Ajouter une obligation" not in fiche
    page = client.get(o.get_absolute_url()).content.decode()
    assert A_CORRIGER in page and NOTE_INTERNE not in page
    assert "Historique des modifications" not in page
    assert "Inscrire le rapport comme reçu" not in page
    etrangere = obligations["etrangere"]
    assert client.get(etrangere.get_absolute_url()).status_code == 404
    url = reverse("reddition:action", kwargs={"pk": etrangere.pk, "action": "marquer_soumise"})
    assert client.post(url).status_code == 404
    etrangere.refresh_from_db()
    assert etrangere.statut == ST.A_VENIR
    assert (
        client.post(
            reverse("reddition:echeance", kwargs={"pk": o.pk}),
            {"date_echeance": "2030-01-01", "raison": "x"},
        ).status_code
        == 403
    )
    o.refresh_from_db()
    assert o.date_echeance != datetime.date(2030, 1, 1)


def test_le_personnel_voit_les_notes_internes(client_de, gestionnaire, agent, obligations):
    o = obligations["retard"]
    Suivi.objects.create(
        obligation=o, action="soumise", par=agent, commentaire=NOTE_INTERNE, interne=True
    )
    assert NOTE_INTERNE in client_de(gestionnaire).get(o.get_absolute_url()).content.decode()
