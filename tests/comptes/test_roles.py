from comptes.roles import Role, organisme_de, roles_de


def test_roles_et_organisme(partenaire, organisme, agent):
    assert roles_de(partenaire) == {Role.PARTENAIRE}
    assert organisme_de(partenaire) == organisme
    assert roles_de(agent) == {Role.AGENT}
    assert organisme_de(agent) is None


def test_utilisateur_sans_role(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nouveau"))
    reponse = client.get("/", follow=True)
    assert "Compte sans rôle" in reponse.content.decode()
    assert client.get("/travail/").status_code == 403
