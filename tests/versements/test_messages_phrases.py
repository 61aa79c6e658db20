"""What an officer reads once a step is taken is a sentence ("Versement 1 de BINAM-2026-001
autorisé."), not "BINAM-2026-001, versement 1: Autoriser — fait."."""

from django.contrib.messages import get_messages
from django.urls import reverse

from subventions.models import Subvention
from tests.factories import SubventionFactory


def messages_de(reponse) -> list[str]:
    return [str(m) for m in get_messages(reponse.wsgi_request)]


def test_versement_autorise_puis_paye(client_de, gestionnaire, agent, premier):
    numero = premier.subvention.numero
    url = reverse("versements:action", kwargs={"pk": premier.pk, "action": "autoriser"})
    reponse = client_de(gestionnaire).post(url)
    assert reponse.status_code == 302
    assert messages_de(reponse) == [f"Versement 1 de {numero} autorisé."]
    url = reverse("versements:action", kwargs={"pk": premier.pk, "action": "payer"})
    reponse = client_de(agent).post(url, {"date_paiement": "2026-02-03", "reference": "R-9"})
    assert messages_de(reponse) == [f"Paiement du versement 1 de {numero} inscrit."]


def test_etape_de_la_subvention(client_de, agent, organisme):
    s = SubventionFactory(organisme=organisme, agent=agent, statut=Subvention.Statut.EN_COURS)
    url = reverse("subventions:transition", kwargs={"pk": s.pk, "action": "terminer"})
    reponse = client_de(agent).post(url, {"commentaire": "Projet réalisé."})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert messages_de(reponse) == [f"La subvention {s.numero} est maintenant «\xa0Terminée\xa0»."]
