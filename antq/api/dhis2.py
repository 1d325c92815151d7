"""DHIS2's Web API paths beside antq's own /api/v1/ (antq.indicators.dhis2),
authenticated as DHIS2 clients send it:

- HTTP Basic (user name and password), checked like the sign-in page (the
  same throttle, failures recorded); an account that must use two-factor
  sign-in (it has it on, or is an administrator) is refused: it uses a token,
  which it got with its code;
- `Authorization: ApiToken <token>` (DHIS2's personal access token) or
  `Bearer <token>`: antq's API tokens (`POST /api/v1/auth/token`);
- a signed-in browser session, with Django's CSRF check on writes.

A request with a token or a password carries no cookie an attacker's page
could ride, so those paths are exempt from CSRF; a session is not.
"""

import base64
import binascii
import functools

from django.middleware.csrf import CsrfViewMiddleware
from django.urls import include, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from antq.accounts.services import (
    LoginThrottled,
    RateLimited,
    SignInBusy,
    login_authenticate,
    token_user,
    two_factor_device,
    two_factor_required,
)
from antq.indicators.dhis2 import views
from antq.indicators.dhis2.answers import answer

REALM = 'Basic realm="antq", charset="UTF-8"'


class Unauthenticated(Exception):
    def __init__(self, message: str, status: int = 401, retry_after: int | None = None):
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


def _basic(request, credentials: str):
    try:
        text = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthenticated(_("Thông tin Basic không đọc được.")) from None
    username, colon, password = text.partition(":")
    if not colon or not username:
        raise Unauthenticated(_("Thông tin Basic không đọc được."))
    try:
        user = login_authenticate(request=request, username=username[:150], password=password)
    except LoginThrottled as exc:
        raise Unauthenticated(str(exc), status=429) from None
    except SignInBusy as exc:
        raise Unauthenticated(str(exc), status=503, retry_after=exc.retry_after) from None
    if user is None:
        raise Unauthenticated(_("Sai tên đăng nhập hoặc mật khẩu."))
    if two_factor_device(user) is not None or two_factor_required(user):
        raise Unauthenticated(
            _(
                "Tài khoản này đăng nhập hai lớp: không dùng mật khẩu (Basic) với API; "
                "lấy mã API (POST /api/v1/auth/token kèm otp) rồi gửi Authorization: ApiToken <mã>."
            ),
            status=403,
        )
    return user


def _token(raw: str):
    try:
        user = token_user(raw.strip())
    except RateLimited as exc:
        raise Unauthenticated(str(exc), status=429, retry_after=exc.retry_after) from None
    if user is None:
        raise Unauthenticated(_("Mã API sai, đã hết hạn hoặc đã bị thu hồi."))
    return user


def _authenticate(request):
    """(user, by session) of the request; raises Unauthenticated."""
    scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return _basic(request, credentials.strip()), False
    if scheme in {"apitoken", "bearer"}:
        return _token(credentials), False
    if scheme:
        raise Unauthenticated(_("Chỉ nhận Authorization: Basic, ApiToken hoặc Bearer."))
    if request.user.is_authenticated:
        return request.user, True
    raise Unauthenticated(_("Cần đăng nhập: Basic, hoặc Authorization: ApiToken <mã>."))


def _csrf_refusal(request):
    checker = CsrfViewMiddleware(lambda r: None)
    return checker.process_view(request, None, (), {})


def dhis2_auth(view):
    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            user, by_session = _authenticate(request)
        except Unauthenticated as exc:
            response = answer(exc.status, str(exc))
            if exc.status == 401:
                response["WWW-Authenticate"] = REALM
            if exc.retry_after:
                response["Retry-After"] = str(exc.retry_after)
            return response
        if by_session and request.method not in {"GET", "HEAD", "OPTIONS"}:
            refused = _csrf_refusal(request)
            if refused is not None:
                return answer(403, _("Phiên trình duyệt cần mã CSRF khi ghi."))
        request.user = request.auth = user
        return view(request, *args, **kwargs)

    return wrapped


VERSION = r"^(?:(?P<version>\d{2})/)?"
SUFFIX = r"(?P<suffix>\.(?:json|csv|xml|adx))?$"
RESOURCES = r"(?P<resource>dataSets|dataElements|organisationUnits|categoryOptionCombos)"

urlpatterns = [
    re_path(
        VERSION + r"dataValueSets" + SUFFIX,
        dhis2_auth(views.data_value_sets),
        name="data-value-sets",
    ),
    re_path(
        VERSION + r"system/info(?P<suffix>\.json)?$",
        dhis2_auth(views.system_info),
        name="system-info",
    ),
    re_path(
        VERSION + r"system/tasks/(?P<kind>[A-Z_]+)/(?P<pk>[0-9]+)$",
        dhis2_auth(views.task),
        name="task",
    ),
    re_path(
        VERSION + r"system/taskSummaries/(?P<kind>[A-Z_]+)/(?P<pk>[0-9]+)$",
        dhis2_auth(views.task_summary),
        name="task-summary",
    ),
    re_path(
        VERSION + RESOURCES + r"(?P<suffix>\.json)?$",
        dhis2_auth(views.collection),
        name="metadata-list",
    ),
    re_path(
        VERSION + RESOURCES + r"/(?P<uid>[A-Za-z][A-Za-z0-9]{10})(?P<suffix>\.json)?$",
        dhis2_auth(views.detail),
        name="metadata-detail",
    ),
]

dhis2_urls = include((urlpatterns, "dhis2"))
