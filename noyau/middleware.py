from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


class LangueMiddleware:
    """French unless the person chose English with the switcher (cookie).

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so an English
    browser would get an English interface by default; here French is the language of the
    service (Charte de la langue française) and English a courtesy the user asks for.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        choix = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        langue = choix if choix in self.codes else settings.LANGUAGE_CODE
        translation.activate(langue)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", langue)
        return response


def maintenant() -> int:
    return int(timezone.now().timestamp())


def debut_de_session(sender, request, user, **kwargs):
    """Sign-in starts both clocks, inside the session that login() saves anyway: the first
    page after it then writes nothing."""
    instant = maintenant()
    request.session[ExpirationSessionMiddleware.DEBUT] = instant
    request.session[ExpirationSessionMiddleware.ACTIVITE] = instant


class ExpirationSessionMiddleware:
    """Ends a signed-in session after SESSION_INACTIVITE_MAX seconds without a request, and
    SESSION_DUREE_MAX seconds after sign-in whatever the activity.

    SESSION_COOKIE_AGE alone is neither: the cookie's expiry moves each time the session is
    saved. The sign-in time and the last activity are kept in the session; the activity is
    written at most once a minute so that reading a page does not write the session each time.
    """

    DEBUT = "_binam_debut"
    ACTIVITE = "_binam_activite"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.verifier(request)
        return self.get_response(request)

    def verifier(self, request):
        session = request.session
        instant = maintenant()
        debut = session.setdefault(self.DEBUT, instant)
        activite = session.get(self.ACTIVITE, instant)
        if (
            instant - activite > settings.SESSION_INACTIVITE_MAX
            or instant - debut > settings.SESSION_DUREE_MAX
        ):
            # The request goes on as anonymous: pages that need a sign-in redirect to it.
            logout(request)
            return
        if self.ACTIVITE not in session or instant - activite >= 60:
            session[self.ACTIVITE] = instant


class PermissionsPolicyMiddleware:
    """A `Permissions-Policy` header on every response from settings.PERMISSIONS_POLICY
    (feature → allowed origins; an empty list refuses the feature to every origin)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.valeur = ", ".join(
            f"{feature}=({' '.join(origines)})"
            for feature, origines in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.valeur:
            response.headers.setdefault("Permissions-Policy", self.valeur)
        return response
