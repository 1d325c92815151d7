"""When the database cannot be reached (a failover in progress, PgBouncer
waiting for a new primary, a restart), antq answers 503 with `Retry-After`,
never 500: nothing was written (the transaction died with the connection),
so the client sends the same thing again after a few seconds. The API's
handler (`antq.api.api`) and the site's error handler (`antq.api.views`) both
ask `database_unavailable`; `/healthz` tells the load balancer."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# SQLSTATEs of a server that is there but cannot take the work now:
# read-only transaction (a demoted primary), shutting down, starting up,
# and the connection exceptions (class 08).
UNAVAILABLE_STATES = frozenset({"25006", "57P01", "57P02", "57P03"})


def database_unavailable(exc: BaseException | None) -> bool:
    """True for an error that means "the database is not there now", not a
    fault of the request or of antq."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    if isinstance(exc, DatabaseError):
        state = getattr(exc.__cause__, "sqlstate", None) or ""
        return state in UNAVAILABLE_STATES or state.startswith("08")
    return False


def unavailable_message() -> str:
    return _("Hệ thống đang bận, chưa ghi gì; vui lòng gửi lại sau ít giây.")


def unavailable_response(request) -> HttpResponse:
    """503 + Retry-After: JSON for the API and for pages asked for JSON (the
    offline form's sender), a page that needs no database otherwise."""
    from antq.core.api import error_body

    wants_json = request.path_info.startswith("/api/") or "json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        response = JsonResponse(error_body(unavailable_message()), status=503)
    else:
        page = render_to_string("core/unavailable.html", {"message": unavailable_message()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def health() -> dict[str, str]:
    """What this node can reach: "ok" or the error, per part."""
    parts = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        parts["database"] = "ok"
    except Exception as exc:
        connections["default"].close_if_unusable_or_obsolete()
        parts["database"] = type(exc).__name__
    try:
        cache.set("antq:healthz", 1, timeout=10)
        parts["cache"] = "ok" if cache.get("antq:healthz") == 1 else "unreadable"
    except Exception as exc:
        parts["cache"] = type(exc).__name__
    return parts
