from django.conf import settings
from django.utils import translation
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
