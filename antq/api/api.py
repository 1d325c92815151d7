"""The `/api/v1/` JSON API: mounts each app's router, authenticates, and turns
every expected failure into a 4xx JSON body

    {"detail": "…", "errors": [{"loc": [...], "msg": "…"}]}

so a client never sees a 500 for bad input.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from antq.accounts.api import router as auth_router
from antq.accounts.api import users_router
from antq.accounts.services import LoginThrottled, RateLimited, SignInBusy, token_user
from antq.activities.api import router as activities_router
from antq.api.configuration import router as configuration_router
from antq.api.messages import validation_message
from antq.assessments.api import router as assessments_router
from antq.audit.versions import StaleVersion
from antq.awards.api import router as awards_router
from antq.community.api import examples_router, models_router
from antq.core.answers import Unprocessable
from antq.core.api import ErrorOut, VersionRequired, error_body
from antq.core.idempotency import (
    IDEMPOTENCY_HEADER,
    KeyRefused,
    idempotent_answer,
    idempotent_operation,
)
from antq.core.workflow import WrongState
from antq.documents.api import router as documents_router
from antq.forces.api import router as teams_router
from antq.indicators.api import router as statistics_router
from antq.maps.api import router as maps_router
from antq.plans.api import committees_router
from antq.plans.api import router as plans_router
from antq.reports.api import router as reports_router
from antq.units.api import router as units_router
from antq.units.selectors import AmbiguousCode

logger = logging.getLogger("antq.api")


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


# Every operation can answer these, always with the ErrorOut body.
ERROR_RESPONSES = {
    "400": "Nội dung gửi lên không đọc được",
    "401": "Chưa đăng nhập",
    "403": "Không có quyền",
    "404": "Không tìm thấy hoặc ngoài phạm vi",
    "409": "Xung đột trạng thái hoặc phiên bản",
    "422": "Dữ liệu không hợp lệ",
    "428": "Thiếu phiên bản đã đọc (version)",
    "429": "Gửi quá nhiều yêu cầu",
    "500": "Lỗi hệ thống",
    "503": "Hệ thống đang bận",
}


class AntqAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The schema with the error answers every operation can give (the
        handlers below), so clients and fuzzers know them all."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = (
            ErrorOut.json_schema()
        )
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        _link_created_objects(schema["paths"])
        _declare_idempotency_key(schema["paths"])
        return schema


def _declare_idempotency_key(paths: dict) -> None:
    """Every POST takes an optional Idempotency-Key (core.idempotency)."""
    parameter = {
        "in": "header",
        "name": IDEMPOTENCY_HEADER,
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]+$"},
        "description": "khóa một lần do máy khách tạo (ví dụ một UUID): gửi lại cùng yêu cầu "
        "với cùng khóa trong 24 giờ → trả lại kết quả lần đầu, không ghi thêm; cùng khóa "
        "với yêu cầu khác → 422",
    }
    for operations in paths.values():
        if "post" in operations:
            operations["post"].setdefault("parameters", []).append(parameter)


def _link_created_objects(paths: dict) -> None:
    """OpenAPI links from each creation (a POST answering 201 at `/x`) to the
    operations on what it created (`/x/{pk}`, `/x/{pk}/…`), its `id` (or
    `code`) filling their parameter: clients see how calls chain, and the
    stateful fuzzer (tests/test_api_fuzz.py) follows them."""
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get(201)
        if created is None:
            continue
        links = {}
        for child, child_operations in paths.items():
            head, brace, rest = child.partition(path + "/{")
            if head or not brace:
                continue
            parameter = rest.split("}", 1)[0]
            field = "code" if parameter == "code" else "id"
            for method, operation in child_operations.items():
                links[f"{method}{child[len(path) :]}"] = {
                    "operationId": operation["operationId"],
                    "parameters": {parameter: f"$response.body#/{field}"},
                }
        if links:
            created["links"] = links


api = AntqAPI(
    title="antq API",
    version="1",
    description=_("API của antq: đơn vị, tài khoản và dữ liệu phong trào."),
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
)
# a POST with an Idempotency-Key is applied once (core.idempotency)
api.add_decorator(idempotent_operation)
api.add_decorator(idempotent_answer, mode="view")
api.add_router("/auth", auth_router)
api.add_router("/units", units_router)
api.add_router("/users", users_router)
api.add_router("/assessments", assessments_router)
api.add_router("/statistics", statistics_router)
api.add_router("/activities", activities_router)
api.add_router("/teams", teams_router)
api.add_router("/models", models_router)
api.add_router("/examples", examples_router)
api.add_router("/plans", plans_router)
api.add_router("/committees", committees_router)
api.add_router("/awards", awards_router)
api.add_router("/reports", reports_router)
api.add_router("/configuration", configuration_router)
api.add_router("/documents", documents_router)
api.add_router("/maps", maps_router)


@api.exception_handler(NinjaValidationError)
def on_invalid_request(request, exc: NinjaValidationError):
    errors = [
        {"loc": list(e.get("loc", [])), "msg": validation_message(e), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return api.create_response(request, error_body(_("Dữ liệu không hợp lệ."), errors), status=422)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals (an unreadable body is a 400), in our body and language."""
    if exc.status_code == 400:
        detail = _("Nội dung gửi lên không đọc được (cần JSON hợp lệ, mã UTF-8).")
    else:
        detail = str(exc)
    return api.create_response(request, error_body(detail), status=exc.status_code)


@api.exception_handler(Unprocessable)
def on_unprocessable(request, exc: Unprocessable):
    """A request that names something on a day it did not exist (a unit code
    before it was founded or after it closed): 422 saying why and what to
    ask for instead."""
    alternatives = [{"code": a.code, "name": a.label} for a in exc.alternatives]
    body = error_body(str(exc), [{"loc": ["query"], "msg": str(exc)}], alternatives=alternatives)
    return api.create_response(request, body, status=422)


@api.exception_handler(DjangoValidationError)
def on_invalid_data(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return api.create_response(request, error_body(_("Dữ liệu không hợp lệ."), errors), status=422)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    detail = str(exc) or _("Không tìm thấy hoặc bạn không có quyền truy cập.")
    return api.create_response(request, error_body(detail), status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc: PermissionDenied):
    """A right refused (`accounts.access.Refused`, or Django's own): 403."""
    detail = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    return api.create_response(request, error_body(detail), status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, error_body(_("Cần đăng nhập: gửi Authorization: Bearer <mã>.")), status=401
    )


@api.exception_handler(LoginThrottled)
def on_throttled(request, exc):
    return api.create_response(request, error_body(str(exc)), status=429)


@api.exception_handler(SignInBusy)
def on_sign_in_busy(request, exc: SignInBusy):
    """Load shed on purpose at a deadline, not a failure: one line at INFO
    instead of Django's error for each 5xx (45 of them in bench/signin.py's
    200 sign-ins)."""
    logger.info("API %s %s: sign-in slots busy, asked to retry", request.method, request.path)
    response = api.create_response(request, error_body(str(exc)), status=503)
    response["Retry-After"] = str(exc.retry_after)
    response._has_been_logged = True  # Django's own flag: log_response skips it
    return response


@api.exception_handler(RateLimited)
def on_rate_limited(request, exc: RateLimited):
    response = api.create_response(request, error_body(str(exc)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AmbiguousCode)
def on_ambiguous(request, exc: AmbiguousCode):
    versions = [
        {"id": u.pk, "name": u.name, "valid_from": u.valid_from, "valid_to": u.valid_to}
        for u in exc.candidates
    ]
    return api.create_response(
        request,
        error_body(
            _("Mã %(code)s chỉ nhiều đơn vị; hãy chọn ngày.") % {"code": exc.code},
            versions=versions,
        ),
        status=409,
    )


@api.exception_handler(StaleVersion)
def on_stale(request, exc: StaleVersion):
    """A save based on an older version: nothing written; the answer carries the
    current version and what changed since, so the client can show and retry."""
    changes = [
        change | {"at": change["at"].isoformat()} if change.get("at") else change
        for change in exc.changes
    ]
    return api.create_response(
        request, error_body(str(exc), changes=changes, **exc.as_dict()), status=409
    )


@api.exception_handler(VersionRequired)
def on_version_required(request, exc: VersionRequired):
    """A PUT without `version`: nothing written (it would overwrite blindly)."""
    error = {"loc": ["body", "version"], "msg": str(exc), "type": "missing"}
    return api.create_response(request, error_body(str(exc), [error]), status=428)


@api.exception_handler(KeyRefused)
def on_key_refused(request, exc: KeyRefused):
    """An Idempotency-Key used for another request (422) or malformed (400):
    nothing written."""
    error = {"loc": ["header", IDEMPOTENCY_HEADER], "msg": str(exc), "type": "value_error"}
    return api.create_response(request, error_body(str(exc), [error]), status=exc.status)


@api.exception_handler(WrongState)
def on_wrong_state(request, exc: WrongState):
    """A move the current state does not allow: nothing written; the body says
    the current state, so the client can show it and reload."""
    return api.create_response(request, error_body(str(exc), **exc.as_dict()), status=409)


@api.exception_handler(OperationalError)
def on_busy(request, exc: OperationalError):
    """A lock wait that timed out or a dropped connection: nothing was written
    (the transaction rolled back), so the client may simply send it again."""
    logger.warning("API %s %s: database busy: %s", request.method, request.path, exc)
    response = api.create_response(
        request,
        error_body(_("Hệ thống đang bận, chưa ghi gì; vui lòng gửi lại sau ít giây.")),
        status=503,
    )
    response["Retry-After"] = "5"
    return response


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    """Never an HTML error page on an API call: a JSON 500, the traceback logged;
    a database out of reach (a dropped connection, a demoted primary during a
    failover) is the 503 above."""
    from antq.core.availability import database_unavailable

    if database_unavailable(exc):
        return on_busy(request, exc)
    logger.exception("API %s %s failed", request.method, request.path, exc_info=exc)
    return api.create_response(
        request,
        error_body(_("Lỗi hệ thống; chưa ghi gì. Quản trị viên đã được ghi nhận.")),
        status=500,
    )
