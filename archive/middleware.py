"""Danish first: the archive speaks Danish until a visitor chooses English with the switch."""


class DanishFirstMiddleware:
    """Ignore the browser's Accept-Language, so only the language switch (its cookie) changes
    the language. Lejre's referater are Danish; a visitor whose browser happens to prefer
    English should still meet the archive in Danish, with English one click away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
