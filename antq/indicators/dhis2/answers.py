"""DHIS2's WebMessage, the envelope of every answer of its Web API since
2.38: `{httpStatus, httpStatusCode, status, message, response}`, with antq's
own `detail` and `errors` beside it, so a DHIS2 client and an antq client
both read what they expect. Sentences are Vietnamese, English with
`Accept-Language: en`."""

import functools
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from antq.core.workflow import WrongState

logger = logging.getLogger("antq.dhis2")

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def web_message(
    status: int, message: str, *, response: dict | None = None, state: str | None = None
) -> dict:
    body = {
        "httpStatus": REASONS.get(status, str(status)),
        "httpStatusCode": status,
        "status": state or ("OK" if status < 400 else "ERROR"),
        "message": str(message),
    }
    if response is not None:
        body["response"] = response
    if status >= 400:
        body |= {"detail": str(message), "errors": []}
    return body


def answer(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse(web_message(status, message, **extra), status=status)


def import_answer(summary, options: dict) -> JsonResponse:
    """An import's summary, as DHIS2 2.38+ sends it: 200 when nothing was
    refused, 409 with the conflicts otherwise."""
    response = summary.as_dhis2(options)
    if not summary.conflicts:
        message = _("Chạy thử thành công; không ghi gì.") if summary.dry_run else _("Đã nhập.")
        return answer(200, message, response=response)
    message = _("Có xung đột; xem danh sách trong kết quả nhập.")
    body = web_message(409, message, response=response, state=summary.status)
    body["errors"] = [
        {
            "loc": ["body", "dataValues", *c["indexes"][:1]],
            "msg": c["value"],
            "type": c["errorCode"],
        }
        for c in summary.conflicts[:100]
    ]
    return JsonResponse(body, status=409)


def dhis2_errors(view):
    """Every refusal of a DHIS2 endpoint as a WebMessage (never a 500 for
    bad input, never an HTML page)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            return answer(404, str(exc) or _("Không tìm thấy hoặc ngoài phạm vi."))
        except WrongState as exc:
            return answer(409, str(exc))
        except PermissionDenied as exc:
            return answer(403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        except ValidationError as exc:
            return answer(409, " ".join(exc.messages))
        except OperationalError:
            logger.warning("DHIS2 %s %s: database busy", request.method, request.path)
            response = answer(
                503, _("Hệ thống đang bận, chưa ghi gì; vui lòng gửi lại sau ít giây.")
            )
            response["Retry-After"] = "5"
            return response

    return wrapped
