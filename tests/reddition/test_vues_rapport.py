"""The report pages: the partner's form (grid, expenses, attachments, error summary), the
read-only view after submission, the staff's review on the obligation page, versions and
attachments; and isolation: another organisation's ids answer 404 and change nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from reddition.forms import cle_depense, cle_participation
from reddition.models import Obligation, PieceJointe, Rapport, VersionRapport
from reddition.services import rapports
from referentiel.models import LigneBudgetaire, StatutImmigration
from tests.factories import PDF_MINIMAL, ObligationFactory, ServiceFinanceFactory

pytestmark = pytest.mark.django_db
ST = Obligation.Statut
p, d = cle_participation, cle_depense


def obligation_de(organisme, agent):
    o = ObligationFactory(subvention__organisme=organisme, subvention__agent=agent)
    ServiceFinanceFactory(subvention=o.subvention, participants_cibles=20)
    return o


@pytest.fixture
def obligation(organisme, agent):
    return obligation_de(organisme, agent)


@pytest.fixture
def etrangere(autre_organisme, agent):
    """Another organisation's obligation, submitted with an attachment."""
    o = obligation_de(autre_organisme, agent)
    from tests.factories import MembreFactory

    auteur = MembreFactory(organisme=autre_organisme).user
    rapports.rapport_enregistrer(
        obligation=o,
        par=auteur,
        activites="Leurs activités",
        pieces_ajoutees=[SimpleUploadedFile("leur.pdf", PDF_MINIMAL)],
    )
    rapports.rapport_soumettre(obligation=o, par=auteur)
    return o


def cellule(obligation, rang=0):
    sf = obligation.subvention.services_finances.get()
    return p(sf.pk, StatutImmigration.objects.actifs()[rang].pk)


def test_le_partenaire_remplit_et_enregistre_un_brouillon(client_de, partenaire, obligation):
    client = client_de(partenaire)
    page = client.get(reverse("reddition:detail", args=[obligation.pk]))
    url = reverse("reddition:rapport", args=[obligation.pk])
    assert url in page.content.decode() and "Remplir le rapport" in page.content.decode()
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    for statut in StatutImmigration.objects.actifs():
        assert re.search(
            rf'<th scope="col" id="st-{statut.pk}">(?:(?!</th>).)*'
            rf'<span class="visuellement-cache">{re.escape(escape(statut.nom))}</span></th>',
            html,
        ), statut.nom
    assert 'aria-live="polite"' in html and "js/rapport.js" in html
    cle = cellule(obligation)
    ligne = d(LigneBudgetaire.objects.first().pk)
    reponse = client.post(
        url, {"activites": "Ateliers", cle: "7", ligne: "1 000,50", "enregistrer": ""}
    )
    assert reponse.status_code == 302
    rapport = Rapport.objects.get()
    assert rapport.participations.get(statut__pk=cle.split("_")[2]).nombre == 7
    assert str(rapport.depenses.get(ligne__pk=ligne[2:]).montant) == "1000.50"
    html = client.get(url).content.decode()
    assert 'value="7"' in html and "data-total-grille>7<" in html


def test_les_erreurs_sont_resumees_et_liees_a_leur_case(client_de, partenaire, obligation):
    cle = cellule(obligation)
    reponse = client_de(partenaire).post(
        reverse("reddition:rapport", args=[obligation.pk]),
        {"activites": "x", cle: "-4", "enregistrer": ""},
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'id="resume-erreurs"' in html and f'href="#{cle}"' in html
    assert 'aria-invalid="true"' in html and "négatif" in html
    assert not Rapport.objects.exists()


def test_soumettre_puis_lecture_seule_et_examen(client_de, partenaire, agent, obligation):
    client = client_de(partenaire)
    url = reverse("reddition:rapport", args=[obligation.pk])
    reponse = client.post(
        url,
        {
            "activites": "Ateliers",
            cellule(obligation): "5",
            "soumettre": "",
            "pieces": SimpleUploadedFile("bilan.pdf", PDF_MINIMAL, "application/pdf"),
        },
    )
    assert reponse.status_code == 302
    obligation.refresh_from_db()
    assert obligation.statut == ST.SOUMIS
    html = client.get(url).content.decode()
    assert "ne se modifie plus" in html and "<textarea" not in html
    assert client.post(url, {"activites": "Autre", "enregistrer": ""}).status_code == 403
    assert Rapport.objects.get().activites == "Ateliers"
    piece = PieceJointe.objects.get()
    telechargement = client.get(reverse("reddition:piece", args=[obligation.pk, piece.pk]))
    assert telechargement.status_code == 200
    assert b"".join(telechargement.streaming_content) == PDF_MINIMAL

    client = client_de(agent)
    html = client.get(reverse("reddition:detail", args=[obligation.pk])).content.decode()
    assert "Version 1" in html and "bilan.pdf" in html and "25,0" in html  # 5 / 20
    client.post(
        reverse("reddition:action", args=[obligation.pk, "a_corriger"]),
        {"commentaire": "Précisez les ateliers."},
    )
    client = client_de(partenaire)
    html = client.get(url).content.decode()
    assert "Corriger le rapport" in html and "Précisez les ateliers." in html
    client.post(url, {"activites": "Ateliers précisés", cellule(obligation): "6", "soumettre": ""})
    html = client_de(agent).get(reverse("reddition:version", args=[obligation.pk, 2])).content
    assert "modifié, avant\xa0: 5" in html.decode()
    assert VersionRapport.objects.count() == 2


@pytest.mark.parametrize("nom", ["detail", "rapport", "version", "piece"])
def test_les_ids_d_un_autre_organisme_repondent_404(client_de, partenaire, etrangere, nom):
    piece = PieceJointe.objects.get()
    args = {
        "detail": [etrangere.pk],
        "rapport": [etrangere.pk],
        "version": [etrangere.pk, 1],
        "piece": [etrangere.pk, piece.pk],
    }[nom]
    client = client_de(partenaire)
    url = reverse(f"reddition:{nom}", args=args)
    assert client.get(url).status_code == 404
    assert client.post(url, {"activites": "Piraté", "soumettre": ""}).status_code in (404, 405)
    rapport = Rapport.objects.get()
    assert rapport.activites == "Leurs activités" and VersionRapport.objects.count() == 1


def test_une_piece_d_un_autre_rapport_sous_sa_propre_obligation_repond_404(
    client_de, partenaire, obligation, etrangere
):
    piece = PieceJointe.objects.get()
    url = reverse("reddition:piece", args=[obligation.pk, piece.pk])
    assert client_de(partenaire).get(url).status_code == 404
    url = reverse("reddition:version", args=[obligation.pk, 1])
    assert client_de(partenaire).get(url).status_code == 404
