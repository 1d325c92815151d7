"""Error pages for the whole site that keep the API's promise: a client of
/api/ gets JSON ({"detail", "errors"}), never an HTML page, even for a URL no
route matches (a malformed id) or a failure outside a view."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from antq.core.api import error_body


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        detail = _("Không có địa chỉ API này: %(path)s") % {"path": request.path_info}
        return JsonResponse(error_body(detail), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A failure outside the API's handlers; a database that cannot be
    reached (a failover) is 503 with Retry-After, not 500."""
    import sys

    from antq.core.availability import database_unavailable, unavailable_response

    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    if _is_api(request):
        detail = _("Lỗi hệ thống; chưa ghi gì. Quản trị viên đã được ghi nhận.")
        return JsonResponse(error_body(detail), status=500)
    return defaults.server_error(request)
