"""Demo accounts: one per role, all with the same published password."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from organismes.models import Membre

MOT_DE_PASSE = "demo-binam-2026"

COMPTES = [
    # username, first, last, roles, superuser
    ("admin", "Alex", "Lefebvre", ["administrateur"], True),
    ("gestionnaire", "Marie-Claude", "Gagnon", ["gestionnaire"], False),
    ("agent", "Sophie", "Tremblay", ["agent"], False),
    ("agent2", "Karim", "Benali", ["agent"], False),
    ("partenaire", "Amina", "Diallo", ["partenaire"], False),
    ("partenaire2", "Luis", "Hernández", ["partenaire"], False),
    # The selection committee of the closed call for projects (demo/appels.py).
    ("evaluateur", "Nadia", "Roy", ["evaluateur"], False),
    ("evaluateur2", "Marc-André", "Lavoie", ["evaluateur"], False),
    # The partner of an organisation registered online, not yet verified (demo/inscriptions.py).
    ("inscrit", "Fatou", "Ndiaye", ["partenaire"], False),
]


def creer_comptes(organismes_partenaires=None):
    """Creates missing accounts; never resets an existing one (idempotent)."""
    utilisateurs = {}
    hash_commun = None  # one PBKDF2 run (about a second) rather than one per account
    for username, prenom, nom, roles, superuser in COMPTES:
        user, cree = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": prenom,
                "last_name": nom,
                "email": f"{username}@exemple.org",
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if cree:
            hash_commun = hash_commun or make_password(MOT_DE_PASSE)
            user.password = hash_commun
            user.save()
            user.groups.set(Group.objects.filter(name__in=roles))
        utilisateurs[username] = user
    if organismes_partenaires is not None:
        rattacher_partenaires(utilisateurs, organismes_partenaires)
    return utilisateurs


def rattacher_partenaires(utilisateurs, organismes_partenaires):
    """Each demo partner joins its organisation, once (a rerun keeps the first one)."""
    for username, organisme in zip(
        ("partenaire", "partenaire2"), organismes_partenaires, strict=True
    ):
        Membre.objects.get_or_create(user=utilisateurs[username], defaults={"organisme": organisme})


def description_comptes():
    lignes = [f"  {u:<13} ({', '.join(r)})" for u, _, _, r, _ in COMPTES]
    return "\n".join(["Comptes de démonstration (mot de passe: " + MOT_DE_PASSE + "):", *lignes])
