"""Versé is real: the paid instalments, from one selector, wherever a page shows it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from subventions.models import Subvention
from tests.factories import EnveloppeFactory, ProgrammeFactory, SubventionFactory, VersementFactory
from versements import selectors
from versements.models import Versement

S = Subvention.Statut
V = Versement.Statut
NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def texte(reponse):
    return reponse.content.decode().replace(NBSP, " ")


def paye(subvention, montant, date, rang, prevu=datetime.date(2026, 2, 1)):
    return VersementFactory(
        subvention=subvention,
        rang=rang,
        montant=Decimal(montant),
        date_prevue=prevu,
        statut=V.PAYE,
        condition_remplie=True,
        date_paiement=date,
        reference_paiement=f"R-{subvention.pk}-{rang}",
    )


@pytest.fixture
def payes(organisme, autre_organisme, agent):
    programme = ProgrammeFactory()
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("500000"))
    a = SubventionFactory(organisme=organisme, agent=agent, programme=programme, statut=S.EN_COURS)
    paye(a, "12000.00", datetime.date(2026, 3, 1), 1)
    # An instalment of 2026 paid the year after: still versé in 2026, its exercice (the payment
    # date never moves money between years).
    paye(a, "2000.50", datetime.date(2027, 2, 1), 2, prevu=datetime.date(2026, 12, 31))
    VersementFactory(subvention=a, rang=3, montant=Decimal("999.00"))  # planned, not paid
    # An instalment of 2027: versé in 2027, an exercice with no envelope.
    paye(a, "1000.00", datetime.date(2027, 1, 10), 4, prevu=datetime.date(2027, 1, 1))
    b = SubventionFactory(organisme=autre_organisme, programme=programme, statut=S.EN_COURS)
    paye(b, "700.00", datetime.date(2026, 5, 1), 1)
    VersementFactory(
        subvention=b, rang=2, montant=Decimal("55.00"), statut=V.ANNULE, motif="Réduction"
    )
    return programme, a, b


def test_le_selecteur(payes):
    programme, a, b = payes
    assert selectors.total_verse_subvention(subvention=a) == Decimal("15000.50")
    assert selectors.total_verse(subventions=Subvention.objects.all()) == Decimal("15700.50")
    # Per exercice, through the QuerySet's one rule (what the reports' situation groups).
    paye_en = Versement.objects.filter(subvention__programme=programme).payes_de_l_exercice
    assert paye_en(2026).total() == Decimal("14700.50")
    assert paye_en(2027).total() == Decimal("1000.00")
    assert Versement.objects.filter(subvention__programme=programme).total_par_exercice_paye() == {
        2026: Decimal("14700.50"),
        2027: Decimal("1000.00"),
    }


def test_fiche_de_la_subvention(client, gestionnaire, payes):
    _programme, a, _b = payes
    client.force_login(gestionnaire)
    assert re.search(
        r"Versé : <strong>15 000,50 \$</strong>", texte(client.get(a.get_absolute_url()))
    )


@pytest.mark.parametrize("role", ["gestionnaire", "partenaire"])
def test_page_de_l_organisme(request, client, payes, role):
    _programme, a, _b = payes
    client.force_login(request.getfixturevalue(role))
    page = texte(client.get(reverse("organismes:detail", kwargs={"pk": a.organisme_id})))
    assert re.search(r"Total versé</th><td[^>]*>15 000,50 \$", page)


def test_page_du_programme(client, gestionnaire, payes):
    programme, _a, _b = payes
    client.force_login(gestionnaire)
    page = texte(client.get(programme.get_absolute_url()))
    lignes = re.findall(r"<tr>\s*<th scope=\"row\">(\d{4}).*?</tr>", page, flags=re.S)
    assert lignes == ["2026", "2027"]
    rangee_2027 = re.search(r'<th scope="row">2027.*?</tr>', page, flags=re.S).group(0)
    assert "1 000,00 $" in rangee_2027
    rangee_2026 = re.search(r'<th scope="row">2026.*?</tr>', page, flags=re.S).group(0)
    assert "14 700,50 $" in rangee_2026
    total = re.search(r"<tfoot>.*?</tfoot>", page, flags=re.S).group(0)
    assert "15 700,50 $" in total


def test_liste_des_subventions(client, gestionnaire, payes, organisme):
    client.force_login(gestionnaire)
    url = reverse("subventions:liste")
    assert "Versé (tous les exercices) : 15 700,50 $" in texte(client.get(url))
    page = texte(client.get(url, {"organisme": organisme.pk}))
    assert "Versé (tous les exercices) : 15 000,50 $" in page


def test_le_selecteur_par_exercice(payes):
    """For one exercice, what the list of grants shows is the dashboard's versé of that year
    (the instalment's exercice, not the payment date), not every payment made on them."""
    programme, a, _b = payes
    subventions = Subvention.objects.filter(programme=programme)
    assert selectors.total_verse(subventions=subventions, exercice=2026) == Decimal("14700.50")
    assert selectors.total_verse(subventions=subventions, exercice=2027) == Decimal("1000.00")
    une = Subvention.objects.filter(pk=a.pk)
    assert selectors.total_verse(subventions=une, exercice=2026) == Decimal("14000.50")
