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
    VersementFactory,
)

from .lecture import montant_pdf, pages, pdf_de, texte

S = Subvention.Statut


def url(s):
    return reverse("rapports:convention_subvention", args=[s.pk])


@pytest.fixture
def approuvee(organisme):
    s = SubventionFactory(
        organisme=organisme,
        statut=S.APPROUVEE,
        titre="Francisation des mères « Œuvre commune »",
        montant_demande=Decimal("200000"),
        montant_accorde=Decimal("123456.79"),
        numero_resolution="CE26 0101",
        date_decision=datetime.date(2026, 2, 4),
        date_debut=datetime.date(2026, 4, 1),
        date_fin=datetime.date(2027, 9, 30),
    )
    RepartitionFactory(subvention=s, exercice=2026, montant=Decimal("100000.00"))
    RepartitionFactory(subvention=s, exercice=2027, montant=Decimal("23456.79"))
    ServiceFinanceFactory(subvention=s, participants_cibles=80)
    return s


def test_convention_avant_signature_montre_ce_que_la_signature_creera(
    client_de, partenaire, approuvee
):
    lecteur = pdf_de(client_de(partenaire).get(url(approuvee)))
    contenu = texte(lecteur)
    assert "Convention de subvention" in contenu
    assert "« Œuvre commune »" in " ".join(contenu.split())  # wherever the line breaks
    assert "Carrefour d'accueil de Saint-Laurent" in contenu
    assert montant_pdf(approuvee.montant_accorde) in contenu
    # The default schedule follows the répartition: 2026's part at signature, 2027's 80 % on
    # the report on 2026 and its last 20 % on the final report.
    assert montant_pdf(Decimal("100000.00")) in contenu
    assert montant_pdf(Decimal("18765.43")) in contenu
    assert montant_pdf(Decimal("4691.36")) in contenu
    assert "Sur acceptation du rapport d'étape" in contenu
    assert "Sur acceptation du rapport final" in contenu
    assert "Rapport d'étape" in contenu and "Rapport final" in contenu  # over one year
    assert "CE26 0101" in contenu
    assert "Pour la Ville de Montréal" in contenu and "Pour l'Organisme" in contenu
    assert "Page 1 de " in pages(lecteur)[0]
    assert lecteur.metadata.title == f"Convention de subvention {approuvee.numero}"


def test_convention_signee_reprend_l_echeancier_et_les_obligations(client_de, agent, organisme):
    s = SubventionFactory(organisme=organisme, statut=S.EN_COURS, montant_accorde=Decimal("50000"))
    RepartitionFactory(subvention=s, montant=Decimal("50000"))
    VersementFactory(subvention=s, rang=1, montant=Decimal("30000.01"))
    VersementFactory(subvention=s, rang=2, montant=Decimal("19999.99"), condition="rapport_etape")
    ObligationFactory(subvention=s, type="etats_financiers")
    contenu = texte(pdf_de(client_de(agent).get(url(s))))
    total = s.versements.aggregate(t=Sum("montant"))["t"]
    for montant in (Decimal("30000.01"), Decimal("19999.99"), total):
        assert montant_pdf(montant) in contenu
    assert "Sur acceptation du rapport d'étape" in contenu
    assert "États financiers" in contenu


@pytest.mark.parametrize("statut", [S.EN_ANALYSE, S.RECOMMANDEE, S.REFUSEE, S.ANNULEE])
def test_pas_de_convention_sans_decision(client_de, gestionnaire, organisme, statut):
    s = SubventionFactory(organisme=organisme, statut=statut)
    assert client_de(gestionnaire).get(url(s)).status_code == 403


def test_convention_d_un_autre_organisme_404(client_de, autre_partenaire, approuvee):
    assert client_de(autre_partenaire).get(url(approuvee)).status_code == 404


def test_liens_sur_la_page_de_la_subvention(client_de, partenaire, approuvee, organisme):
    page = client_de(partenaire).get(approuvee.get_absolute_url()).content.decode()
    assert url(approuvee) in page
    assert reverse("rapports:fiche_subvention", args=[approuvee.pk]) in page
    en_analyse = SubventionFactory(organisme=organisme)
    page = client_de(partenaire).get(en_analyse.get_absolute_url()).content.decode()
    assert url(en_analyse) not in page
