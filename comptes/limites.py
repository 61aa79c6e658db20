"""Who is asking, and how often: the client's address behind the reverse proxy (sign-in
throttling and password-reset requests count by it) and a small counter in the cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def adresse_client(request) -> str:
    """The client's IP address. Behind PROXYS_DE_CONFIANCE reverse proxies, each appends the
    address it received the request from to X-Forwarded-For, so the client's is that many
    entries from the end (what comes before may be forged); without a proxy, REMOTE_ADDR.
    Without this, every client behind the proxy would share its address, and one lock."""
    nombre = settings.PROXYS_DE_CONFIANCE
    if nombre:
        chaine = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chaine = [a for a in chaine if a]
        if len(chaine) >= nombre:
            return chaine[-nombre]
    return request.META.get("REMOTE_ADDR", "")


def depasse(categorie: str, valeur: str, *, limite: int, fenetre: int) -> bool:
    """Counts one more request of `categorie` for `valeur` (an address, an e-mail) and says
    whether it goes over `limite` within `fenetre` seconds (a fixed window that starts with
    the first request). The value is hashed: no e-mail address is kept in the cache."""
    empreinte = hashlib.sha256(valeur.strip().lower().encode()).hexdigest()[:32]
    cle = f"limite:{categorie}:{empreinte}"
    cache.add(cle, 0, fenetre)
    try:
        nombre = cache.incr(cle)
    except ValueError:  # expired between add() and incr()
        cache.add(cle, 1, fenetre)
        nombre = 1
    return nombre > limite
