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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index trigrammes : PostgreSQL")
def test_index_trigrammes_presents():
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'subventions_subvention'"
        )
        noms = {ligne[0] for ligne in curseur.fetchall()}
    assert {"subvention_titre_trgm", "subvention_numero_trgm"} <= noms
