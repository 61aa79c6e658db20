"""The grant's history reads like the rest of the site, in French and in English: lifecycle
steps saved in French (older rows) or English show in the reader's language."""

import datetime
from decimal import Decimal

import pytest

from noyau.templatetags.binam import numeros_insecables
from subventions import services
from subventions.models import Subvention
from tests.factories import ProgrammeFactory
from tests.html import texte_de_page

S = Subvention.Statut


@pytest.fixture
def subvention(agent, gestionnaire, organisme):
    agent.first_name, agent.last_name = "Karine", "Tremblay"
    agent.save()
    subvention = services.subvention_creer(
        par=agent,
        champs={
            "organisme": organisme,
            "programme": ProgrammeFactory(),
            "titre": "Accueil",
            "agent": agent,
            "montant_demande": Decimal("50000"),
            "montant_accorde": Decimal("40000"),
            "date_debut": datetime.date(2026, 1, 1),
            "date_fin": datetime.date(2026, 12, 31),
        },
        repartitions=[{"exercice": 2026, "montant": Decimal("40000")}],
    )
    # Steps as cycle.py saves them: the step's label, in the actor's language.
    for raison, champs in (
        (
            "Approuver",
            {"statut": S.APPROUVEE, "numero_gdd": "1234567890", "date_decision": "2025-02-15"},
        ),
        ("Agreement signed", {"statut": S.CONVENTION_SIGNEE}),
    ):
        for nom, valeur in champs.items():
            setattr(subvention, nom, valeur)
        subvention._change_reason = raison
        subvention._history_user = gestionnaire
        subvention.save()
    return subvention


def _page(client, subvention, langue):
    client.post("/langue/setlang/", {"language": langue, "next": "/"})
    reponse = client.get(f"/subventions/{subvention.pk}/historique/")
    assert reponse.status_code == 200
    return texte_de_page(reponse)


def _ligne(champ, avant, apres):
    return f'<th scope="row">{champ}</th><td><del>{avant}</del></td><td><ins>{apres}</ins></td>'


def test_historique_de_subvention_en_francais(client_de, agent, subvention):
    contenu = _page(client_de(agent), subvention, "fr-ca")
    assert _ligne("Numéro de dossier décisionnel (GDD)", "—", "1234567890") in contenu
    assert _ligne("Date de la décision", "—", "15 février 2025") in contenu
    assert _ligne("Statut", "Approuvée", "Convention signée") in contenu
    assert _ligne("Agent responsable", "—", "Karine Tremblay") in contenu
    assert _ligne("Montant accordé", "—", "40\xa0000,00\xa0$") in contenu
    assert _ligne("Date de début", "—", "1er janvier 2026") in contenu
    # A répartition row names its grant under the grant model's name (no verbose_name there),
    # its number kept on one line.
    assert _ligne("Subvention", "—", numeros_insecables(str(subvention))) in contenu
    for raison in ("— Création", "— Approuver", "— Convention signée"):
        assert raison in contenu
    for brut in ("(gdd)", "2025-02-15", "Agreement signed", ">agent-test<"):
        assert brut not in contenu


def test_historique_de_subvention_en_anglais(client_de, agent, subvention):
    contenu = _page(client_de(agent), subvention, "en")
    assert _ligne("Decision file number (GDD)", "—", "1234567890") in contenu
    assert _ligne("Decision date", "—", "February 15, 2025") in contenu
    assert _ligne("Status", "Approved", "Agreement signed") in contenu
    assert _ligne("Responsible officer", "—", "Karine Tremblay") in contenu
    assert _ligne("Amount granted", "—", "$40,000.00") in contenu
    assert _ligne("Grant", "—", numeros_insecables(str(subvention))) in contenu
    for raison in ("— Created", "— Approve", "— Agreement signed"):
        assert raison in contenu
    for francais in ("Création", "Approuver", "Convention signée", "Montant accordé"):
        assert francais not in contenu
