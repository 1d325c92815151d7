class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise: offices often run English
    browsers, so the Accept-Language header is ignored and only the language
    cookie (set by the switcher) selects English. API clients are programs that
    ask for what they want, so `/api/` keeps the header: `Accept-Language: en`
    gets English messages. Must run before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
