"""The staff home: each role finds the files waiting on it, and nothing it cannot act on."""

from subventions.models import Subvention
from tests.factories import SubventionFactory

S = Subvention.Statut


def test_chacun_trouve_ses_dossiers(client_de, agent, autre_agent, gestionnaire, cumul):
    mien = SubventionFactory(agent=agent, statut=S.EN_ANALYSE)
    autre = SubventionFactory(agent=autre_agent, statut=S.EN_ANALYSE)
    recommande = SubventionFactory(agent=autre_agent, statut=S.RECOMMANDEE)

    page = client_de(agent).get("/travail/").content.decode()
    assert mien.numero in page and autre.numero not in page
    assert "à approuver" not in page and recommande.numero not in page

    page = client_de(gestionnaire).get("/travail/").content.decode()
    assert "Subventions recommandées à approuver" in page and recommande.numero in page
    assert "Mes dossiers" not in page

    page = client_de(cumul).get("/travail/").content.decode()
    assert "Mes dossiers" in page and recommande.numero in page


def test_journal_des_roles_lie_pour_les_gestionnaires(client_de, agent, gestionnaire):
    assert "/roles/journal/" in client_de(gestionnaire).get("/travail/").content.decode()
    assert "/roles/journal/" not in client_de(agent).get("/travail/").content.decode()
