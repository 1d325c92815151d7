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


class RejectNulMiddleware:
    """A NUL character (\\0) is never data: PostgreSQL refuses it in text and
    answers with an error, so a query string or a JSON body carrying one is
    refused here, before any view, with a clear message and nothing written
    (422 in the API's error shape, 400 for pages). Forms already refuse it
    field by field (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self._nul_in(request)
        if where is None:
            return self.get_response(request)
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        message = _("Dữ liệu chứa ký tự NUL (\\0), không hợp lệ.")
        if request.path_info.startswith("/api/"):
            errors = [{"loc": [where], "msg": message, "type": "value_error"}]
            return JsonResponse({"detail": message, "errors": errors}, status=422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _nul_in(request) -> str | None:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "query"
        if request.content_type == "application/json":
            body = request.body
            if b"\x00" in body or b"\\u0000" in body.lower():
                return "body"
        return None
