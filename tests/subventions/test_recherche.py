"""The grants search: by number, title or organisation name, served by indexes on PostgreSQL."""

import pytest
from django.db import connection

from tests.factories import OrganismeFactory, SubventionFactory

pytestmark = pytest.mark.django_db


def test_par_nom_d_usage_de_l_organisme_sans_jointure(client_de, gestionnaire):
    organisme = OrganismeFactory(nom_legal="Corporation 123", nom_usage="Carrefour Accueil Nord")
    trouvee = SubventionFactory(organisme=organisme, titre="Projet A")
    SubventionFactory(titre="Projet B")
    reponse = client_de(gestionnaire).get("/subventions/?q=accueil nord")
    assert [s.pk for s in reponse.context["table"].data] == [trouvee.pk]
    requete = str(reponse.context["filter"].qs.query)
    assert "organismes_organisme" not in requete.split("WHERE")[1]


def test_aucun_organisme_ne_correspond(client_de, gestionnaire):
    SubventionFactory(titre="Accueil des familles")
    reponse = client_de(gestionnaire).get("/subventions/?q=familles")
    assert len(reponse.context["table"].data) == 1


@pytest.mark.parametrize("texte", ["Jeunes Réfugiés", "jeunes réfugiés", "  JEUNES R"])
def test_titre_trouve_quelle_que_soit_la_casse(client_de, gestionnaire, texte):
    trouvee = SubventionFactory(titre="Jeunes réfugiés")
    SubventionFactory(titre="Aînés")
    reponse = client_de(gestionnaire).get("/subventions/", {"q": texte})
    assert [s.pk for s in reponse.context["table"].data] == [trouvee.pk]


def test_numero_et_caracteres_speciaux(client_de, gestionnaire):
    trouvee = SubventionFactory(titre="Taux 100% réussite_1")
    SubventionFactory(titre="Taux 1000 réussiteX1")
    client = client_de(gestionnaire)
    assert [s.pk for s in client.get("/subventions/", {"q": "100%"}).context["table"].data] == [
        trouvee.pk
    ]
    assert [s.pk for s in client.get("/subventions/", {"q": "e_1"}).context["table"].data] == [
        trouvee.pk
    ]
    numero = client.get("/subventions/", {"q": trouvee.numero.lower()}).context["table"].data
    assert [s.pk for s in numero] == [trouvee.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index trigrammes : PostgreSQL")
def test_index_trigrammes_presents():
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'subventions_subvention'"
        )
        noms = {ligne[0] for ligne in curseur.fetchall()}
    assert "subvention_recherche_trgm" in noms
