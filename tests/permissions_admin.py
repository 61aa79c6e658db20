"""The admin's rows of the permission table (tests/test_permissions.py): the pages of every model
in `admin.site._registry` (list, add, change, delete, history) and the account password page.

The rows come from the registry, so a newly registered model has pages to answer for; what each
page answers is written here by hand from domain.md ("Roles"), and a model missing from `GENRES`
fails `test_chaque_modele_de_l_admin_est_dans_la_table`.
"""

from django.contrib import admin

# The roles asked (the table's other columns hold the same roles on other files, which the
# admin does not look at): the admin is the administrators' (a superuser carries that role);
# everyone else is sent to its login page.
ROLES_TABLE_ADMIN = (
    "anonyme",
    "partenaire",
    "agent",
    "gestionnaire",
    "administrateur",
    "superutilisateur",
)
PAGES = ("changelist", "add", "change", "delete", "history")

# What each model's pages answer an administrator (and a superuser alike), page by page.
ECRITURE = dict.fromkeys(PAGES, 200)  # reference data, partner memberships, services
LECTURE = ECRITURE | {"add": 403, "delete": 403}  # listed for searching; the change page reads
SANS_AJOUT = ECRITURE | {"add": 403}  # sign-in records: kept or cleared, never made up

GENRES = {
    # Roles are the four seeded groups: renamed or re-created, everyone's powers would change.
    "auth.group": LECTURE,
    "auth.user": None,  # by account: COMPTES below
    "axes.accessattempt": SANS_AJOUT,
    "axes.accesslog": SANS_AJOUT,
    "axes.accessfailurelog": SANS_AJOUT,
    "comptes.changementrole": LECTURE,
    "referentiel.rubrique": ECRITURE,
    "referentiel.lignebudgetaire": ECRITURE,
    "referentiel.statutimmigration": ECRITURE,
    "referentiel.territoire": ECRITURE,
    # Organisations are edited by the officers, versioned; the admin ties partners to them.
    "organismes.organisme": LECTURE,
    "organismes.membre": ECRITURE,
    "catalogue.serviceintegration": ECRITURE,
    # A programme's name and source; its envelopes show read-only (a manager sets them).
    "subventions.programme": ECRITURE,
    "reddition.rappelenvoye": LECTURE,
}

# Accounts: an administrator manages an account holding no right it lacks. A stronger account's
# page opens read-only (200, saying why); its password page and deletion are refused (403).
COMPTE_GERE = {"change": 200, "delete": 200, "history": 200, "password": 200}
COMPTE_PLUS_FORT = {"change": 200, "delete": 403, "history": 200, "password": 403}
COMPTES = {
    # account (a key of the table's objects): (as the administrator, as the superuser)
    "compte_sans_role": (COMPTE_GERE, COMPTE_GERE),
    "compte_administrateur": (COMPTE_GERE, COMPTE_GERE),  # its own, for the administrator
    "compte_gestionnaire": (COMPTE_PLUS_FORT, COMPTE_PLUS_FORT),  # a role neither holds
    "compte_partenaire": (COMPTE_PLUS_FORT, COMPTE_PLUS_FORT),
    "compte_superutilisateur": (COMPTE_PLUS_FORT, COMPTE_GERE),
}


def cle(modele):
    return f"admin_{modele._meta.label_lower}"


def nom_d_url(modele, page):
    return f"admin:{modele._meta.app_label}_{modele._meta.model_name}_{page}"


def lignes_admin(attendu):
    """(url name, kwargs, expected answers) for every admin page of the registry; `attendu` is
    the table's (its columns, in order)."""

    def _ligne(nom, kwargs, administrateur, superutilisateur):
        statuts = attendu(302, 302, 302, 302, 302, 302, 302, administrateur, superutilisateur)
        return (nom, kwargs, statuts)

    lignes = []
    for modele in admin.site._registry:
        genre = GENRES.get(modele._meta.label_lower)
        if genre is None:
            continue
        for page in PAGES:
            kwargs = {"object_id": cle(modele)} if page not in ("changelist", "add") else {}
            lignes.append(_ligne(nom_d_url(modele, page), kwargs, genre[page], genre[page]))
    user = next(m for m in admin.site._registry if m._meta.label_lower == "auth.user")
    lignes.append(_ligne(nom_d_url(user, "changelist"), {}, 200, 200))
    lignes.append(_ligne(nom_d_url(user, "add"), {}, 200, 200))
    for compte, (par_admin, par_super) in COMPTES.items():
        for page in ("change", "delete", "history"):
            nom = nom_d_url(user, page)
            lignes.append(_ligne(nom, {"object_id": compte}, par_admin[page], par_super[page]))
        lignes.append(
            _ligne(
                "admin:auth_user_password_change",
                {"id": compte},
                par_admin["password"],
                par_super["password"],
            )
        )
    return lignes


def construire_admin(gens, obligation):
    """One row of each registered model (those the migrations do not seed), and the accounts
    of COMPTES; returns their keys → pks."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from comptes.models import ChangementRole
    from reddition.models import RappelEnvoye
    from tests.factories import UserFactory

    connexion = {"user_agent": "Firefox", "ip_address": "10.0.0.1", "username": "x"}
    connexion |= {"http_accept": "*/*", "path_info": "/connexion/"}
    AccessAttempt.objects.create(get_data="", post_data="", failures_since_start=1, **connexion)
    AccessLog.objects.create(**connexion)
    AccessFailureLog.objects.create(**connexion)
    ChangementRole.objects.create(utilisateur=gens["agent"], role="agent", ajoute=True)
    RappelEnvoye.objects.create(obligation=obligation, type="avant_14", destinataires="a@b.ca")
    ids = {
        cle(m): m.objects.order_by("pk").values_list("pk", flat=True)[0]
        for m in admin.site._registry
    }
    ids["compte_sans_role"] = UserFactory(username="compte-sans-role").pk
    for role in ("administrateur", "gestionnaire", "partenaire", "superutilisateur"):
        ids[f"compte_{role}"] = gens[role].pk
    return ids
