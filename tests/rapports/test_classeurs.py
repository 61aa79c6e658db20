import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.urls import reverse
from openpyxl import load_workbook

from noyau.formats import XLSX_MONEY_FORMAT
from reddition.models import Obligation
from tests.factories import ObligationFactory, SubventionFactory, VersementFactory
from versements.models import Versement

DU, AU = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def classeur_de(reponse):
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))


@pytest.fixture
def versements(organisme, autre_organisme):
    a = SubventionFactory(organisme=organisme, statut="en_cours", titre='=HYPERLINK("http://x")')
    b = SubventionFactory(organisme=autre_organisme, statut="en_cours")
    VersementFactory(
        subvention=a,
        rang=1,
        montant=Decimal("1000000.00"),
        statut="paye",
        date_prevue=datetime.date(2026, 2, 1),
        date_paiement=datetime.date(2026, 2, 3),
        reference_paiement="P-1",
    )
    VersementFactory(
        subvention=a, rang=2, montant=Decimal("234567.89"), date_prevue=datetime.date(2026, 11, 30)
    )
    VersementFactory(
        subvention=b,
        rang=1,
        montant=Decimal("5000.55"),
        statut="annule",
        date_prevue=datetime.date(2026, 5, 1),
        motif="Projet arrêté",
    )
    VersementFactory(
        subvention=b, rang=2, montant=Decimal("7777.77"), date_prevue=datetime.date(2027, 1, 15)
    )  # outside the period


def test_echeancier_totaux_format_et_entete_fige(client_de, gestionnaire, versements):
    url = reverse("rapports:echeancier_versements")
    reponse = client_de(gestionnaire).get(url, {"du": DU.isoformat(), "au": AU.isoformat()})
    assert (
        'filename="echeancier-versements-2026-01-01-au-2026-12-31-'
        in reponse["Content-Disposition"]
    )
    ws = classeur_de(reponse).active
    lignes = list(ws.iter_rows(values_only=True))
    assert lignes[0][0].startswith("Échéancier des versements — du 1er janvier 2026 au 31 décembre")
    assert "généré le" in lignes[0][0]
    entetes = lignes[1]
    assert entetes[0] == "Date prévue" and entetes[5] == "Exercice" and entetes[8] == "Montant"
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:L5"
    donnees = lignes[2:-1]
    assert len(donnees) == 3
    assert donnees[0][0] == datetime.datetime(2026, 2, 1)
    # Each instalment's exercice, the year its money counts in (versé included).
    assert [ligne[5] for ligne in donnees] == [2026, 2026, 2026]
    periode = Versement.objects.filter(date_prevue__range=(DU, AU))
    prevu = periode.exclude(statut="annule").aggregate(t=Sum("montant"))["t"]
    paye = periode.filter(statut="paye").aggregate(t=Sum("montant"))["t"]
    total = lignes[-1]
    # The count beside the amounts counts the same rows they add up: « hors annulés » is 2, the
    # cancelled instalment listed above said apart, not counted.
    assert periode.exclude(statut="annule").count() == 2
    assert total[0] == (
        "Total hors annulés\xa0: 2 versements (1 versement annulé listé, non compté)"
    )
    assert Decimal(str(total[8])) == prevu == Decimal("1234567.89")
    assert Decimal(str(total[9])) == paye
    assert ws.cell(row=3, column=9).number_format == XLSX_MONEY_FORMAT
    assert ws.cell(row=len(lignes), column=9).number_format == XLSX_MONEY_FORMAT
    assert ws.cell(row=3, column=1).number_format == "yyyy-mm-dd"
    # The instalment not paid yet: nothing under « Payé » nor its reference, empty cells (not
    # empty text, which a spreadsheet counts as a value); its amount a number.
    (non_paye,) = [r for r in ws.iter_rows(min_row=3) if r[7].value == "Prévu"]
    assert non_paye[9].value is None and non_paye[11].value is None
    assert non_paye[9].data_type == non_paye[8].data_type == "n"


def test_etat_reddition_compte_les_retards(client_de, agent, organisme):
    s = SubventionFactory(organisme=organisme, statut="en_cours", agent=agent)
    ObligationFactory(
        subvention=s,
        date_echeance=datetime.date(2020, 7, 31),
        periode_debut=datetime.date(2020, 1, 1),
        periode_fin=datetime.date(2020, 6, 30),
    )
    ObligationFactory(
        subvention=s,
        type="rapport_final",
        statut="accepte",
        date_echeance=datetime.date(2020, 12, 31),
        periode_debut=datetime.date(2020, 1, 1),
        periode_fin=datetime.date(2020, 12, 31),
    )
    ObligationFactory(
        subvention=s,
        type="etats_financiers",
        date_echeance=datetime.date(2031, 1, 31),
        periode_debut=datetime.date(2030, 1, 1),
        periode_fin=datetime.date(2030, 12, 31),
    )
    du, au = datetime.date(2020, 1, 1), datetime.date(2029, 12, 31)
    reponse = client_de(agent).get(
        reverse("rapports:etat_reddition"), {"du": du.isoformat(), "au": au.isoformat()}
    )
    ws = classeur_de(reponse).active
    lignes = list(ws.iter_rows(values_only=True))
    assert lignes[0][0].startswith("État de la reddition de comptes")
    assert ws.freeze_panes == "A3"
    donnees = lignes[2:-1]
    periode = Obligation.objects.filter(date_echeance__range=(du, au))
    assert len(donnees) == periode.count() == 2
    en_retard = periode.filter(
        Q(statut__in=Obligation.STATUTS_DUS), date_echeance__lt=datetime.date.today()
    ).count()
    assert lignes[-1][0] == "Total\xa0: 2 obligations"
    assert lignes[-1][-1] == en_retard == 1
    assert donnees[0][8] == "En retard" and donnees[0][9] > 0
    assert donnees[1][8] == "Accepté" and donnees[1][9] is None
    assert donnees[0][4] == agent.get_full_name()


@pytest.mark.parametrize(
    ("params", "erreur"),
    [
        ({"du": "2026-12-31", "au": "2026-01-01"}, "Choisissez une date après celle du début."),
        ({"du": "2026-13-45", "au": "2026-12-31"}, "Saisissez une date valide."),
        ({"du": "2000-01-01", "au": "2026-12-31"}, "La période ne peut pas dépasser dix ans."),
        ({"du": "", "au": "2026-12-31"}, "Ce champ est obligatoire."),
        ({"du": "99999-01-01", "au": "2026-12-31"}, "Saisissez une date valide."),
    ],
)
@pytest.mark.parametrize("nom", ["rapports:echeancier_versements", "rapports:etat_reddition"])
def test_mauvaises_dates_en_francais(client_de, gestionnaire, nom, params, erreur):
    reponse = client_de(gestionnaire).get(reverse(nom), params)
    assert reponse.status_code == 400
    assert erreur in reponse.content.decode()


def test_page_sans_parametres_et_liens(client_de, agent):
    client = client_de(agent)
    assert client.get(reverse("rapports:echeancier_versements")).status_code == 200
    assert (
        reverse("rapports:echeancier_versements")
        in client.get(reverse("versements:liste")).content.decode()
    )
    assert (
        reverse("rapports:etat_reddition")
        in client.get(reverse("reddition:liste")).content.decode()
    )
