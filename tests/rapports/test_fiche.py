import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from subventions.models import Subvention
from tests.factories import (
    ObligationFactory,
    RepartitionFactory,
    ServiceFinanceFactory,
    SubventionFactory,
    TransitionFactory,
    VersementFactory,
)

from .lecture import montant_pdf, pages, pdf_de, texte

S = Subvention.Statut


@pytest.fixture
def subvention(organisme, agent):
    s = SubventionFactory(
        organisme=organisme,
        agent=agent,
        statut=S.EN_COURS,
        titre="Accueil des familles réfugiées — « Cœur » à Côte-des-Neiges",
        montant_demande=Decimal("1300000.00"),
        montant_accorde=Decimal("1234567.89"),
        numero_resolution="CE26 0042",
        date_decision=datetime.date(2026, 1, 15),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("1000000.00"))
    RepartitionFactory(subvention=s, exercice=2027, montant=Decimal("234567.89"))
    ServiceFinanceFactory(subvention=s, participants_cibles=120, montant=Decimal("500000.00"))
    VersementFactory(
        subvention=s,
        rang=1,
        montant=Decimal("987654.31"),
        statut="paye",
        date_paiement=datetime.date(2026, 2, 3),
        reference_paiement="PAI-001",
    )
    VersementFactory(
        subvention=s,
        rang=2,
        montant=Decimal("246913.58"),
        condition="rapport_final",
        date_prevue=datetime.date(2027, 3, 1),
    )
    ObligationFactory(
        subvention=s,
        type="rapport_final",
        periode_debut=datetime.date(2026, 1, 1),
        periode_fin=datetime.date(2026, 12, 31),
        date_echeance=datetime.date(2027, 3, 1),
    )
    TransitionFactory(
        subvention=s,
        de=S.EN_ANALYSE,
        vers=S.RECOMMANDEE,
        par=agent,
        commentaire="Note interne de l'agent",
    )
    return s


def url(s):
    return reverse("rapports:fiche_subvention", args=[s.pk])


def test_fiche_pour_le_personnel(client_de, gestionnaire, subvention):
    reponse = client_de(gestionnaire).get(url(subvention))
    assert reponse["Content-Disposition"].startswith(
        f'attachment; filename="fiche-{subvention.numero}-'
    )
    lecteur = pdf_de(reponse)
    contenu = texte(lecteur)
    verse = subvention.versements.filter(statut="paye").aggregate(t=Sum("montant"))["t"]
    for montant in (subvention.montant_accorde, verse, Decimal("1000000.00"), Decimal("234567.89")):
        assert montant_pdf(montant) in contenu, montant_pdf(montant)
    assert "1 234 567,89 $" in contenu
    assert "« Cœur » à Côte-des-Neiges" in contenu
    assert "Rapport final" in contenu
    assert "Note interne de l'agent" in contenu
    assert pages(lecteur)[0].count("Page 1 de ") == 1
    meta = lecteur.metadata
    assert meta.title == f"Fiche de subvention {subvention.numero}"
    assert meta.author == "Ville de Montréal — BINAM"
    assert subvention.organisme.nom_legal in meta.subject
    assert lecteur.trailer["/Root"]["/Lang"] == "fr-CA"


def test_fiche_du_partenaire_sans_commentaires_internes(client_de, partenaire, subvention):
    contenu = texte(pdf_de(client_de(partenaire).get(url(subvention))))
    assert montant_pdf(subvention.montant_accorde) in contenu
    assert "Note interne de l'agent" not in contenu


def test_montant_non_decide_cache_au_partenaire(client_de, partenaire, organisme):
    s = SubventionFactory(
        organisme=organisme,
        statut=S.RECOMMANDEE,
        montant_demande=Decimal("90000.00"),
        montant_accorde=Decimal("77777.77"),
    )
    contenu = texte(pdf_de(client_de(partenaire).get(url(s))))
    assert montant_pdf(Decimal("77777.77")) not in contenu
    assert "à déterminer" in contenu


def test_fiche_d_un_autre_organisme_404(client_de, autre_partenaire, subvention):
    assert client_de(autre_partenaire).get(url(subvention)).status_code == 404


def test_anonyme_vers_la_connexion(client_de, subvention):
    reponse = client_de(None).get(url(subvention))
    assert reponse.status_code == 302


def test_long_echeancier_repete_son_entete(client_de, gestionnaire, organisme):
    s = SubventionFactory(organisme=organisme, statut=S.EN_COURS, montant_accorde=Decimal("90000"))
    for rang in range(1, 91):
        VersementFactory(subvention=s, rang=rang, montant=Decimal("1000.00"))
    lecteur = pdf_de(client_de(gestionnaire).get(url(s)))
    textes = pages(lecteur)
    assert len(textes) >= 3
    page2 = textes[1]
    assert "Date prévue" in page2 and "Condition" in page2
    assert f"Page 2 de {len(textes)}" in page2
