"""Every table of every page sits in a scrolling region that the keyboard reaches and that is
named (the browser test at 320 px checks what this makes possible; this one checks every page
cheaply, each role's)."""

from decimal import Decimal

import pytest

from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    RepartitionFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
)
from tests.tables_html import lire_tables


def tables_defilantes(html, ou=""):
    """How many tables the page has, each checked to sit in a scrolling region the keyboard
    reaches and that an id of the page names."""
    lecteur = lire_tables(html)
    for region in (table["region"] for table in lecteur.tables):
        assert region is not None, ou
        assert region.get("class") == "table-defilante" and region.get("tabindex") == "0"
        assert region.get("aria-labelledby") in lecteur.ids, (ou, region)
    return len(lecteur.tables)


@pytest.fixture
def dossier(organisme, agent):
    subvention = SubventionFactory(
        organisme=organisme, agent=agent, statut=Subvention.Statut.EN_COURS,
        montant_accorde=Decimal("1000"),
    )  # fmt: skip
    RepartitionFactory(subvention=subvention, exercice=2026, montant=Decimal("1000"))
    EnveloppeFactory(programme=subvention.programme, exercice=2026, montant=Decimal("500"))
    ServiceFinanceFactory(subvention=subvention, service=ServiceFactory(organisme=organisme))
    return subvention


@pytest.mark.parametrize("role", ["agent", "gestionnaire", "partenaire"])
def test_chaque_table_dans_une_region_defilante_nommee(client_de, request, dossier, role):
    user = request.getfixturevalue(role)
    service = dossier.services_finances.first().service
    pages = [f"/subventions/{dossier.pk}/", f"/organismes/{dossier.organisme_id}/"]
    if role == "partenaire":
        pages.append("/portail/")
    else:
        pages += [
            "/travail/",
            "/subventions/",
            "/subventions/programmes/",
            f"/subventions/programmes/{dossier.programme_id}/",
            "/organismes/",
            "/subventions/services/",
            f"/subventions/services/{service.pk}/",
            f"/subventions/{dossier.pk}/historique/",
        ]
    vues = 0
    for url in pages:
        reponse = client_de(user).get(url)
        assert reponse.status_code == 200, url
        vues += tables_defilantes(reponse.content.decode(), url)
    assert vues >= len(pages)
