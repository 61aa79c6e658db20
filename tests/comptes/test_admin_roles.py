"""Administrators manage accounts but cannot give themselves business powers; every change of
roles is journaled and managers can read the journal."""

import pytest
from django.contrib.auth.models import Group, User

from comptes.models import ChangementRole
from tests.factories import UserFactory


def donnees_compte(user, **changes):
    donnees = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    donnees.update(changes)
    return {k: v for k, v in donnees.items() if v != ""}


def groupe(nom):
    return Group.objects.get_or_create(name=nom)[0]


def test_un_administrateur_ne_se_donne_pas_de_role(client, administrateur):
    client.force_login(administrateur)
    url = f"/admin/auth/user/{administrateur.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    donnees = donnees_compte(
        administrateur,
        groups=[groupe("administrateur").pk, groupe("gestionnaire").pk],
        is_superuser="on",
        is_staff="on",
    )
    client.post(url, donnees)
    administrateur.refresh_from_db()
    assert set(administrateur.groups.values_list("name", flat=True)) == {"administrateur"}
    assert not administrateur.is_superuser and not administrateur.is_staff
    assert not ChangementRole.objects.filter(utilisateur=administrateur).exists()


def test_un_role_donne_est_journalise(client, administrateur, gestionnaire):
    nouveau = UserFactory(username="nouvelle-agente", first_name="Aïcha", last_name="Benali")
    client.force_login(administrateur)
    reponse = client.post(
        f"/admin/auth/user/{nouveau.pk}/change/",
        donnees_compte(nouveau, groups=[groupe("agent").pk], is_superuser="on"),
    )
    assert reponse.status_code == 302
    nouveau.refresh_from_db()
    assert list(nouveau.groups.values_list("name", flat=True)) == ["agent"]
    assert not nouveau.is_superuser  # only a superuser makes a superuser
    changement = ChangementRole.objects.get(utilisateur=nouveau)
    assert (changement.role, changement.ajoute, changement.par) == ("agent", True, administrateur)

    # Now an agent, the account holds a right its administrator lacks: it no longer changes it
    # (tests/comptes/test_admin_comptes_forts.py); an administrator who is also an agent does.
    retrait = donnees_compte(nouveau, groups=[])
    assert client.post(f"/admin/auth/user/{nouveau.pk}/change/", retrait).status_code == 403
    assert list(nouveau.groups.values_list("name", flat=True)) == ["agent"]
    client.force_login(UserFactory(username="admin-agent", roles=["administrateur", "agent"]))
    client.post(f"/admin/auth/user/{nouveau.pk}/change/", retrait)
    assert ChangementRole.objects.filter(utilisateur=nouveau, ajoute=False, role="agent").exists()

    client.force_login(gestionnaire)
    journal = client.get("/roles/journal/").content.decode()
    assert "Aïcha Benali" in journal and "Agent de programme" in journal


@pytest.mark.parametrize("role", ["agent", "partenaire"])
def test_le_journal_est_reserve(client_de, request, role):
    assert client_de(request.getfixturevalue(role)).get("/roles/journal/").status_code == 403


def test_un_superutilisateur_peut_nommer_un_superutilisateur(client, db):
    racine = UserFactory(username="racine", is_superuser=True, is_staff=True)
    autre = UserFactory(username="autre")
    client.force_login(racine)
    client.post(f"/admin/auth/user/{autre.pk}/change/", donnees_compte(autre, is_superuser="on"))
    assert User.objects.get(pk=autre.pk).is_superuser
    assert ChangementRole.objects.filter(utilisateur=autre, role="superutilisateur").exists()
