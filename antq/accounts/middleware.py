"""What every signed-in request passes through:

- the idle timeout, kept without a session write on every request
  (`SessionRenewalMiddleware`);
- two-factor sign-in: a user who has it on proves it after the password, and
  a system or unit administrator without it is sent to turn it on, before any
  page (or any API call made with the session) is served."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from antq.accounts.services import two_factor_device, two_factor_required

#: when the idle clock last restarted (epoch seconds), kept in the session
RENEWED = "antq_renewed"
#: a session is written at most this often just to restart the idle clock
RENEW_EVERY_SECONDS = 60


def _now() -> int:
    return int(timezone.now().timestamp())


def renew_every() -> int:
    """A minute, or a tenth of a short idle time (so an idle time of one
    minute is never cut to nothing for someone who keeps working)."""
    return min(RENEW_EVERY_SECONDS, settings.SESSION_COOKIE_AGE // 10)


def session_renew(request, *, force: bool = False) -> None:
    """Restart the idle clock (the session is written, with a fresh expiry)
    when it last restarted `renew_every()` seconds ago or more, or when
    `force`."""
    now = _now()
    if force or now - request.session.get(RENEWED, 0) >= renew_every():
        request.session[RENEWED] = now


def session_seconds_left(request) -> int:
    """Seconds until the signed-in session ends if nothing renews it: what the
    page's expiry warning counts down from."""
    renewed = request.session.get(RENEWED, _now())
    return max(0, settings.SESSION_COOKIE_AGE - (_now() - renewed))


class SessionRenewalMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) without a session write on every
    GET. A signed-in request restarts the idle clock only when it last
    restarted a minute ago or more (`renew_every`), so reading pages writes the
    session at most once a minute; the session still ends after the idle time,
    up to a minute sooner. The page's expiry warning knows when: it counts from
    the last renewal (`session_seconds_left`), which an htmx answer repeats in
    `X-Session-Seconds`. A session written anyway (a sign-in, a message) is
    stamped as renewed. Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        if signed_in:
            session_renew(request)
        response = self.get_response(request)
        session = request.session
        if session.modified and SESSION_KEY in session:  # written anyway: sign-in, a message
            session[RENEWED] = _now()
        if signed_in and request.headers.get("HX-Request"):
            response["X-Session-Seconds"] = str(session_seconds_left(request))
        return response


# pages a signed-in user still needs on the way to the second factor
EXEMPT = {
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "accounts:logout",
    "accounts:login",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT:
            return None
        if request.path_info.startswith(("/static/",)):
            return None
        has_device = two_factor_device(user) is not None
        if not has_device and not two_factor_required(user):
            return None
        if request.path_info.startswith("/api/"):
            detail = _("Phiên đăng nhập cần xác thực hai lớp trước khi gọi API.")
            return JsonResponse({"detail": detail, "errors": []}, status=401)
        target = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
