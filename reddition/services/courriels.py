"""What the reminders and the report notices share: whom to write to and how a mail ends."""

from django.utils.translation import gettext as _


def courriels_contacts(organisme) -> list[str]:
    return [c.courriel for c in organisme.contacts.all() if c.courriel]


def sans_doublons(adresses) -> list[str]:
    """Each address once (case aside), in the order first given."""
    vues, resultat = set(), []
    for adresse in adresses:
        if adresse.lower() not in vues:
            vues.add(adresse.lower())
            resultat.append(adresse)
    return resultat


def signature() -> str:
    return "\n\n— " + _("Bureau d'intégration des nouveaux arrivants à Montréal (BINAM)")
