"""The organisation's page lists its integration services, with a "Nouveau service" button for
those the catalogue lets create one; none yet says a grant needs one."""

from django.utils.html import escape

from referentiel.models import Rubrique, StatutImmigration
from tests.factories import ServiceFactory

BOUTON = "Nouveau service"
AUCUN = "Aucun service d'intégration"


def fiche(client, organisme):
    reponse = client.get(f"/organismes/{organisme.pk}/")
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_liste_nom_rubrique_statuts_et_actif(client_de, agent, organisme, autre_organisme):
    statuts = list(StatutImmigration.objects.order_by("ordre")[:2])
    rubrique = Rubrique.objects.order_by("ordre").last()
    actif = ServiceFactory(
        nom="Accueil des familles", organisme=organisme, rubrique=rubrique, statuts_vises=statuts
    )
    ServiceFactory(nom="Ancien jumelage", organisme=organisme, actif=False)
    ServiceFactory(nom="Service d'ailleurs", organisme=autre_organisme)
    contenu = fiche(client_de(agent), organisme)
    assert f'<a href="/subventions/services/{actif.pk}/">Accueil des familles</a>' in contenu
    assert escape(rubrique.nom) in contenu
    assert escape(", ".join(s.nom for s in statuts)) in contenu
    assert contenu.index("Accueil des familles") < contenu.index("Ancien jumelage")
    assert "Service d&#x27;ailleurs" not in contenu
    assert f'href="/subventions/services/nouveau/?organisme={organisme.pk}"' in contenu
    assert AUCUN not in contenu


def test_sans_service_le_dit(client_de, agent, organisme):
    contenu = fiche(client_de(agent), organisme)
    assert AUCUN in contenu
    assert BOUTON in contenu


def test_le_bouton_suit_la_permission_du_catalogue(client_de, gestionnaire, organisme):
    ServiceFactory(nom="Accueil", organisme=organisme)
    contenu = fiche(client_de(gestionnaire), organisme)
    assert "Accueil" in contenu
    assert BOUTON not in contenu  # catalogue.gerer_services: agents only


def test_le_partenaire_ne_voit_pas_le_catalogue(client_de, partenaire, organisme):
    ServiceFactory(nom="Accueil interne", organisme=organisme)
    contenu = fiche(client_de(partenaire), organisme)
    assert "Accueil interne" not in contenu
    assert BOUTON not in contenu
    assert AUCUN not in contenu


def test_requetes_bornees(client_de, agent, organisme, django_assert_max_num_queries):
    client = client_de(agent)
    ServiceFactory(organisme=organisme)
    with django_assert_max_num_queries(100) as une:
        fiche(client, organisme)
    for _ in range(12):
        ServiceFactory(organisme=organisme, statuts_vises=list(StatutImmigration.objects.all()))
    with django_assert_max_num_queries(len(une.captured_queries)):
        fiche(client, organisme)


def test_nouveau_service_prerempli_avec_l_organisme(client_de, agent, organisme):
    reponse = client_de(agent).get(f"/subventions/services/nouveau/?organisme={organisme.pk}")
    assert reponse.status_code == 200
    assert str(reponse.context["form"]["organisme"].value()) == str(organisme.pk)
    assert f'<option value="{organisme.pk}" selected>' in reponse.content.decode()
    assert client_de(agent).get("/subventions/services/nouveau/?organisme=abc").status_code == 200
