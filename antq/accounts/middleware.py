"""Two-factor sign-in: a user who has it on proves it after the password, and a
system or unit administrator without it is sent to turn it on, before any page
(or any API call made with the session) is served."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from antq.accounts.services import two_factor_device, two_factor_required

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
