from comptes.roles import Role, roles_de
from organismes.membres import organisme_de


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


def test_superutilisateur_sans_role_metier_ne_modifie_rien(client, db, organisme):
    """Django gives a superuser every permission; business screens follow the roles only."""
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", "root@exemple.org", "x" * 20)
    client.force_login(root)
    assert client.get("/organismes/").status_code == 200  # administrators read
    assert client.get("/organismes/nouveau/").status_code == 403
    assert client.get(f"/organismes/{organisme.pk}/modifier/").status_code == 403
    assert client.get("/subventions/nouvelle/").status_code == 403
    assert "Nouvel organisme" not in client.get("/organismes/").content.decode()


def test_menu_marque_la_section_courante(client, agent, partenaire, organisme):
    from tests.factories import SubventionFactory

    client.force_login(agent)
    contenu = client.get("/subventions/services/").content.decode()
    assert 'href="/subventions/services/" aria-current="true"' in contenu
    assert 'href="/subventions/" aria-current' not in contenu
    s = SubventionFactory(organisme=organisme)
    client.force_login(partenaire)
    assert "aria-current" not in client.get(f"/subventions/{s.pk}/").content.decode()
    assert 'aria-current="page"' in client.get("/portail/").content.decode()
