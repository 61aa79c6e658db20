"""Which organisation a partner user belongs to, looked up once per request.

It lives here, not in `comptes`, because accounts come before organisations: `comptes` knows
roles, and the tie between a user and an organisation (Membre) is the organisations' business.
"""

from .models import Membre


def organisme_de(user):
    """The partner's organisation, or None (staff users have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_organisme_binam"):
        membre = (
            Membre.objects.select_related("organisme__arrondissement").filter(user=user).first()
        )
        user._organisme_binam = membre.organisme if membre else None
    return user._organisme_binam


def organisme_id_de(user):
    organisme = organisme_de(user)
    return organisme.pk if organisme is not None else None
