"""The partner's portal home: each section shows its own organisation's rows only, pages on its
own, and costs the same number of queries whatever the number of rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from reddition.models import Obligation, Suivi
from subventions.models import Subvention
from tests.factories import (
    ContactFactory,
    ObligationFactory,
    SubventionFactory,
    VersementFactory,
)

S = Subvention.Statut
NBSP = "\u00a0"
URL = "/portail/"


def remplir(organisme, agent, n):
    """n signed grants of `organisme`, each with an owed obligation, one sent back with a reason,
    and two instalments (one paid)."""
    for i in range(n):
        s = SubventionFactory(organisme=organisme, agent=agent, statut=S.EN_COURS)
        ObligationFactory(subvention=s)
        renvoyee = ObligationFactory(
            subvention=s, type=Obligation.Type.RAPPORT_FINAL, statut=Obligation.Statut.A_CORRIGER
        )
        Suivi.objects.create(
            obligation=renvoyee, action="a_corriger", par=agent, commentaire=f"Corriger {i}"
        )
        VersementFactory(
            subvention=s,
            rang=1,
            statut="paye",
            date_paiement=datetime.date(2026, 2, 1),
            reference_paiement=f"P-{organisme.pk}-{n}-{i}",
        )
        VersementFactory(subvention=s, rang=2)


def requetes(client):
    with CaptureQueriesContext(connection) as capture:
        assert client.get(URL).status_code == 200
    return len(capture)


def test_le_nombre_de_requetes_ne_croit_pas_avec_les_lignes(client, partenaire, organisme, agent):
    ContactFactory(organisme=organisme, principal=True)
    remplir(organisme, agent, 1)
    client.force_login(partenaire)
    client.get(URL)  # session and first-request caches
    peu = requetes(client)
    remplir(organisme, agent, 12)
    assert requetes(client) == peu
    # Session, user, roles, membership (with the organisation), contact, each of the four
    # tables in two queries (its count, its page), the calls' section in two (the
    # organisation's applications, the open calls): issue 21's bound.
    assert peu <= 15


def test_chaque_section_montre_ce_qui_est_a_l_organisme(
    client, partenaire, organisme, autre_organisme, agent
):
    ContactFactory(organisme=organisme, nom="Fatou Ndiaye", principal=True)
    s = SubventionFactory(
        organisme=organisme, agent=agent, statut=S.EN_COURS, montant_accorde=Decimal("54900")
    )
    analyse = SubventionFactory(
        organisme=organisme, statut=S.EN_ANALYSE, montant_accorde=Decimal("77700")
    )
    refusee = SubventionFactory(
        organisme=organisme, statut=S.REFUSEE, montant_accorde=Decimal("88800")
    )
    due = ObligationFactory(subvention=s)
    renvoyee = ObligationFactory(
        subvention=s, type=Obligation.Type.RAPPORT_FINAL, statut=Obligation.Statut.A_CORRIGER
    )
    Suivi.objects.create(
        obligation=renvoyee, action="soumise", par=agent, commentaire="Note interne", interne=True
    )
    Suivi.objects.create(
        obligation=renvoyee, action="a_corriger", par=agent, commentaire="Ajoutez les statuts"
    )
    acceptee = ObligationFactory(
        subvention=s, type=Obligation.Type.ETATS_FINANCIERS, statut=Obligation.Statut.ACCEPTE
    )
    VersementFactory(
        subvention=s,
        rang=1,
        montant=Decimal("43920"),
        statut="paye",
        date_paiement=datetime.date(2026, 2, 3),
        reference_paiement="PAI-7",
    )
    VersementFactory(subvention=s, rang=2, montant=Decimal("10980"))
    VersementFactory(
        subvention=s, rang=3, montant=Decimal("1234.56"), statut="annule", motif="Doublon"
    )
    etrangere = SubventionFactory(organisme=autre_organisme, statut=S.EN_COURS)
    obligation_etrangere = ObligationFactory(subvention=etrangere, statut="a_corriger")
    Suivi.objects.create(
        obligation=obligation_etrangere, action="a_corriger", par=agent, commentaire="Secret B"
    )
    VersementFactory(subvention=etrangere, montant=Decimal("98765.43"))
    client.force_login(partenaire)
    page = client.get(URL).content.decode()
    # Its title says it is the portal: the staff's page of the organisation bears its name alone.
    assert f"<title>Portail — {escape(organisme)} — " in page
    assert "Fatou Ndiaye" in page
    assert 'href="/portail/profil/"' in page
    # Grants: the amount once decided, "à déterminer" before, nothing for a refused file.
    assert s.numero in page and f"54{NBSP}900,00{NBSP}$" in page
    assert analyse.numero in page and "à déterminer" in page
    assert f"77{NBSP}700" not in page and refusee.numero in page and f"88{NBSP}800" not in page
    # Obligations still owed link to the page the partner may open; accepted ones are done.
    assert f'href="/reddition/obligations/{due.pk}/"' in page
    assert f'href="/reddition/obligations/{renvoyee.pk}/"' in page
    assert f'href="/reddition/obligations/{acceptee.pk}/"' not in page
    # Instalments planned and paid, not the cancelled one.
    assert f"43{NBSP}920,00" in page and f"10{NBSP}980,00" in page
    assert f"1{NBSP}234,56" not in page
    # Each with the exercice its money belongs to, written as a year (no thousands space).
    lignes = reponse_versements(page)
    assert re.search(r"<td\s*>2026</td>", lignes)
    assert f"2{NBSP}026" not in lignes and "2 026" not in lignes
    # The reason for the correction, never the internal note.
    assert "Ajoutez les statuts" in page and "Note interne" not in page
    # Nothing of the other organisation.
    assert etrangere.numero not in page and "Secret B" not in page
    assert f"98{NBSP}765,43" not in page and str(autre_organisme) not in page


def reponse_versements(page):
    """The portal's instalments table, as rendered."""
    return page[page.index('id="titre-versements"') :]


def test_les_tableaux_paginent_chacun_de_leur_cote(client, partenaire, organisme, agent):
    remplir(organisme, agent, 12)
    client.force_login(partenaire)
    page = client.get(URL + "?versements-page=2").content.decode()
    for prefixe in ("subventions-", "obligations-", "versements-", "messages-"):
        assert f"{prefixe}page=2" in page, prefixe
    # The instalments moved to their page 2; the grants stayed on their first page.
    reponse = client.get(URL + "?versements-page=2")
    assert reponse.context["versements"].page.number == 2
    assert reponse.context["subventions"].page.number == 1
    # A page past the end, or not a number, is never an error.
    assert client.get(URL + "?messages-page=999&obligations-page=abc").status_code == 200


@pytest.mark.parametrize("role", ["agent", "gestionnaire", "administrateur"])
def test_le_personnel_n_entre_pas_au_portail(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
