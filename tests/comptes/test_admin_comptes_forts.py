"""An administrator never manages an account holding rights it does not have itself (a business
role, superuser status): not its password, roles, status, details, nor its deletion, whichever
admin page or action it goes through; the refusal says why and nothing changes."""

import pytest
from django.contrib.auth.models import User

from comptes.models import ChangementRole
from tests.comptes.test_admin_roles import donnees_compte, groupe
from tests.factories import MembreFactory, UserFactory

MOT_DE_PASSE = "motdepasse-test-2026"
NOUVEAU = "Nouveau-mot-de-passe-2026!"


@pytest.fixture
def racine(db):
    return UserFactory(username="racine", is_superuser=True, is_staff=True)


@pytest.fixture
def cibles(db, racine, gestionnaire, administrateur):
    return {
        "superutilisateur": racine,
        "gestionnaire": gestionnaire,
        "partenaire": MembreFactory(user__username="partenaire-cible").user,
        "admin-gestionnaire": UserFactory(
            username="admin-gestionnaire", roles=["administrateur", "gestionnaire"]
        ),
        "sans-role": UserFactory(username="sans-role"),
        "pair": UserFactory(username="autre-admin", roles=["administrateur"]),
    }


def etat(user):
    user.refresh_from_db()
    return (
        user.password,
        user.email,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
    )


def changer_mot_de_passe(client, cible):
    return client.post(
        f"/admin/auth/user/{cible.pk}/password/",
        {"password1": NOUVEAU, "password2": NOUVEAU, "usable_password": "true"},
    )


# (who acts, on whom): the target holds a right the actor lacks.
REFUS = [
    ("administrateur", "superutilisateur"),
    ("administrateur", "gestionnaire"),
    ("administrateur", "partenaire"),
    ("administrateur", "admin-gestionnaire"),
    ("superutilisateur", "gestionnaire"),
]
PERMIS = [
    ("administrateur", "sans-role"),
    ("administrateur", "pair"),
    ("superutilisateur", "pair"),
    ("superutilisateur", "sans-role"),
]


@pytest.fixture
def acteurs(administrateur, superutilisateur):
    return {"administrateur": administrateur, "superutilisateur": superutilisateur}


@pytest.mark.parametrize(("acteur", "cible"), REFUS)
def test_un_compte_plus_fort_ne_change_pas(client, acteurs, cibles, acteur, cible):
    compte = cibles[cible]
    avant = etat(compte)
    client.force_login(acteurs[acteur])
    url = f"/admin/auth/user/{compte.pk}/"

    refus = client.get(f"{url}password/")
    assert refus.status_code == 403
    assert "Ce compte détient des droits que vous n&#x27;avez pas" in refus.content.decode()
    assert changer_mot_de_passe(client, compte).status_code == 403

    page = client.get(f"{url}change/").content.decode()
    assert "Ce compte détient des droits que vous n&#x27;avez pas" in page
    assert 'name="email"' not in page and 'name="is_active"' not in page
    modifie = donnees_compte(compte, email="pirate@exemple.org", is_active="", groups=[])
    assert client.post(f"{url}change/", modifie).status_code == 403

    assert client.get(f"{url}delete/").status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    sans_role = UserFactory(username="dans-le-lot")
    lot = {"action": "delete_selected", "_selected_action": [sans_role.pk, compte.pk]}
    for etape in (lot, lot | {"post": "yes"}):  # the confirmation page, then the deletion
        refus = client.post("/admin/auth/user/", etape)
        assert refus.status_code == 403
        assert "Ce compte détient des droits" in refus.content.decode()
    assert User.objects.filter(pk=sans_role.pk).exists()

    assert User.objects.filter(pk=compte.pk).exists()
    assert etat(compte) == avant
    assert compte.check_password(MOT_DE_PASSE)
    assert not ChangementRole.objects.filter(utilisateur=compte).exists()


def test_le_refus_nomme_les_droits_en_plus(client, administrateur, cibles):
    client.force_login(administrateur)
    page = client.get(f"/admin/auth/user/{cibles['admin-gestionnaire'].pk}/password/")
    texte = page.content.decode()
    assert "(Gestionnaire)" in texte  # the administrator role they share is not named


@pytest.mark.parametrize(("acteur", "cible"), PERMIS)
def test_un_compte_egal_ou_plus_faible_se_gere(client, acteurs, cibles, acteur, cible):
    compte = cibles[cible]
    client.force_login(acteurs[acteur])
    assert changer_mot_de_passe(client, compte).status_code == 302
    compte.refresh_from_db()
    assert compte.check_password(NOUVEAU)
    reponse = client.post(
        f"/admin/auth/user/{compte.pk}/change/",
        donnees_compte(compte, email="nouvelle@exemple.org", groups=[groupe("agent").pk]),
    )
    assert reponse.status_code == 302
    assert etat(compte)[1] == "nouvelle@exemple.org"
    assert ChangementRole.objects.filter(utilisateur=compte, role="agent", ajoute=True).exists()


def test_un_administrateur_qui_detient_le_role_le_retire(client, cibles):
    """Taking a manager's role away is done by an administrator who holds it too (and kept)."""
    cible, par = cibles["gestionnaire"], cibles["admin-gestionnaire"]
    client.force_login(par)
    reponse = client.post(f"/admin/auth/user/{cible.pk}/change/", donnees_compte(cible, groups=[]))
    assert reponse.status_code == 302
    assert not cible.groups.exists()
    retrait = ChangementRole.objects.get(utilisateur=cible)
    assert (retrait.role, retrait.ajoute, retrait.par) == ("gestionnaire", False, par)


def test_les_roles_ne_se_renomment_pas(client, administrateur, superutilisateur):
    """Renaming the group "partenaire" to anything would change every member's role at once,
    with no line in the journal: roles are read-only in the admin, for everyone."""
    agent = groupe("agent")
    for qui in (administrateur, superutilisateur):
        client.force_login(qui)
        page = client.get(f"/admin/auth/group/{agent.pk}/change/").content.decode()
        assert 'name="name"' not in page
        reponse = client.post(f"/admin/auth/group/{agent.pk}/change/", {"name": "gestionnaire"})
        assert reponse.status_code == 403
        assert client.post("/admin/auth/group/add/", {"name": "x"}).status_code == 403
    agent.refresh_from_db()
    assert agent.name == "agent"
