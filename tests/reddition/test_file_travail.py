"""The staff work queue: each role finds what waits on it (instalments, obligations, reports,
documents), each section is a full list with filters and exports, and the page's queries stay
bounded whatever the number of rows."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from reddition.models import Obligation
from subventions.models import Subvention
from tests.factories import (
    DocumentFactory,
    SubventionFactory,
    VersementFactory,
)
from tests.factories import (
    obligation_due_dans as obligation,
)
from versements.models import Versement

S = Subvention.Statut
V = Versement.Statut
C = Versement.Condition
JOUR = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(organisme, autre_organisme, agent, autre_agent):
    mien = SubventionFactory(organisme=organisme, agent=agent, statut=S.EN_COURS)
    autre = SubventionFactory(organisme=autre_organisme, agent=autre_agent, statut=S.EN_COURS)
    return {
        "mien": mien,
        "autre": autre,
        "a_autoriser": VersementFactory(subvention=autre, rang=1, montant=1111),
        "en_attente": VersementFactory(
            subvention=autre, rang=2, condition=C.RAPPORT_FINAL, montant=2222
        ),
        "a_payer": VersementFactory(subvention=mien, rang=1, statut=V.AUTORISE, montant=3333),
        "a_payer_autre": VersementFactory(
            subvention=autre, rang=3, statut=V.AUTORISE, montant=4444
        ),
        "retard": obligation(mien, -5),
        "bientot": obligation(autre, 20, type=Obligation.Type.ETATS_FINANCIERS),
        "loin": obligation(mien, 90, type=Obligation.Type.RAPPORT_FINAL),
        "soumise": obligation(autre, -40, statut="soumis", type=Obligation.Type.RAPPORT_FINAL),
        "document": DocumentFactory(
            organisme=organisme,
            titre="Attestation d'assurance 2026",
            date_validite=timezone.localdate() + 10 * JOUR,
        ),
        "document_loin": DocumentFactory(
            organisme=organisme,
            titre="Lettres patentes valides",
            date_validite=timezone.localdate() + 90 * JOUR,
        ),
    }


def section(page, titre):
    """The part of the page under the section's heading (empty when absent)."""
    debut = page.find(escape(titre))
    if debut < 0:
        return ""
    fin = page.find("</section>", debut)
    return page[debut:fin]


def test_le_gestionnaire_autorise_et_suit_tous_les_dossiers(client_de, gestionnaire, dossiers):
    page = client_de(gestionnaire).get("/travail/").content.decode()
    autoriser = section(page, "Versements à autoriser")
    assert "1\u00a0111,00" in autoriser and "2\u00a0222,00" not in autoriser
    assert "Versements autorisés à payer" not in page
    obligations = section(page, "Obligations en retard ou dues d'ici 30 jours")
    assert dossiers["mien"].numero in obligations and dossiers["autre"].numero in obligations
    assert "Rapport final" not in obligations  # due in 90 days; the submitted one is reviewed
    assert dossiers["autre"].numero in section(page, "Rapports reçus à examiner")
    assert "Documents d'organismes" not in page


def test_l_agent_paie_et_suit_ses_dossiers(client_de, agent, dossiers):
    page = client_de(agent).get("/travail/").content.decode()
    payer = section(page, "Versements autorisés à payer")
    assert "3\u00a0333,00" in payer and "4\u00a0444,00" not in payer
    assert "Versements à autoriser" not in page
    obligations = section(page, "Obligations en retard ou dues d'ici 30 jours")
    assert dossiers["mien"].numero in obligations and dossiers["autre"].numero not in obligations
    assert "Aucun rapport reçu" in section(page, "Rapports reçus à examiner")
    documents = section(page, "Documents d'organismes qui expirent d'ici 30 jours")
    assert "Attestation d&#x27;assurance 2026" in documents
    assert "Lettres patentes valides" not in documents


def test_une_section_entiere_se_filtre_et_s_exporte(client_de, gestionnaire, dossiers):
    client = client_de(gestionnaire)
    page = client.get("/travail/obligations/", {"etat": "en_retard"}).content.decode()
    assert dossiers["mien"].numero in page and dossiers["autre"].numero not in page
    export = client.get("/travail/obligations/", {"_export": "csv"})
    texte = b"".join(export.streaming_content).decode()
    assert texte.count("\n") == 3  # header, en retard, due in 20 days
    assert client.get("/travail/inconnue/").status_code == 404


def test_requetes_bornees(client_de, cumul, organisme, django_assert_max_num_queries):
    """The page costs the same with 3 or 30 rows per section."""
    client = client_de(cumul)

    def remplir(n):
        for _ in range(n):
            s = SubventionFactory(organisme=organisme, agent=cumul, statut=S.EN_COURS)
            VersementFactory(subvention=s, rang=1)
            VersementFactory(subvention=s, rang=2, statut=V.AUTORISE)
            obligation(s, -3)
            obligation(s, -60, statut="soumis", type=Obligation.Type.RAPPORT_FINAL)
            SubventionFactory(organisme=organisme, agent=cumul, statut=S.RECOMMANDEE)
            DocumentFactory(organisme=organisme, date_validite=timezone.localdate())

    remplir(3)
    with django_assert_max_num_queries(40) as petit:
        assert client.get("/travail/").status_code == 200
    remplir(27)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert client.get("/travail/").status_code == 200


def test_la_colonne_agent_seulement_quand_elle_dit_quelque_chose(
    client_de, agent, gestionnaire, dossiers
):
    """An agent's obligations are all theirs: the column would repeat their name on every row.
    A manager follows every officer's files and keeps it; every export keeps it."""
    titre = "Obligations en retard ou dues d'ici 30 jours"
    entete = "Agent responsable"
    assert entete not in section(client_de(agent).get("/travail/").content.decode(), titre)
    assert entete not in client_de(agent).get("/travail/obligations/").content.decode()
    assert entete in section(client_de(gestionnaire).get("/travail/").content.decode(), titre)
    assert entete in client_de(gestionnaire).get("/travail/obligations/").content.decode()
    export = client_de(agent).get("/travail/obligations/", {"_export": "csv"})
    assert entete in b"".join(export.streaming_content).decode()
