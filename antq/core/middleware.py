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


class RefusalMiddleware:
    """Where a page's refusals become answers, in one place (the API has its
    own handlers in `antq.api.api`):

    - a move the current state does not allow (`core.workflow.WrongState`)
      answers 409 with a page that says the current state;
    - a request naming something that cannot be answered as asked (a unit
      on a day it did not exist: `core.answers.Unprocessable`) answers 422
      with a page that says why and links to what to ask instead;
    - a refused right (`accounts.access.Refused`, a PermissionDenied) answers
      403 through Django's handler and `403.html`;
    - under htmx, which does not swap an error answer, either is put in the
      page's messages and the page reloads (`HX-Refresh`), still with its
      status, so nothing happens silently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponse
        from django.shortcuts import render

        from antq.core.answers import Unprocessable
        from antq.core.workflow import WrongState

        if request.path_info.startswith("/api/"):
            return None
        if isinstance(exception, Unprocessable):
            return _unprocessable(request, exception)
        if not isinstance(exception, WrongState | PermissionDenied):
            return None
        status = 409 if isinstance(exception, WrongState) else 403
        if getattr(request, "htmx", False):
            messages.error(request, str(exception) or _refused_text())
            response = HttpResponse(status=status)
            response["HX-Refresh"] = "true"
            return response
        if status == 403:
            return None  # Django's 403 handler renders 403.html with the message
        context = {"exception": str(exception), "current": exception.current_label,
                   "back": _same_site_referer(request)}  # fmt: skip
        return render(request, "409.html", context, status=409)


def _unprocessable(request, exception):
    from django.shortcuts import render

    alternatives = []
    for alternative in exception.alternatives:
        query = request.GET.copy()
        if alternative.pk is not None:
            query["unit"] = str(alternative.pk)
        url = f"{request.path}?{query.urlencode()}" if alternative.pk is not None else ""
        alternatives.append({"label": alternative.label, "code": alternative.code, "url": url})
    context = {"exception": str(exception), "alternatives": alternatives,
               "back": _same_site_referer(request)}  # fmt: skip
    return render(request, "422.html", context, status=422)


def _refused_text() -> str:
    from django.utils.translation import gettext as _

    return _("Bạn không có quyền thực hiện thao tác này.")


def _same_site_referer(request) -> str:
    """The page the person came from, when it is on this site (for a way back)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else ""
