"""Danish first: the archive speaks Danish at its plain addresses and English under /en/."""

from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """The admin has no /en/ addresses, so there the language switch's cookie decides.

    Everywhere else the address alone decides (LocaleMiddleware with i18n_patterns and no
    prefix for Danish): a Danish link opens in Danish and an /en/ link in English, for
    everyone, whatever the browser prefers. Lejre's referater are Danish; a visitor whose
    browser prefers English still meets the archive in Danish, with English one click away.
    Runs after LocaleMiddleware, which has just chosen Danish for the unprefixed /admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in dict(settings.LANGUAGES):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)
