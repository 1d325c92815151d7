"""Sign in and out, password change, session keep-alive, and user management."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.access import MANAGE_USERS, Refused, get_for_user, outranks, require_somewhere
from antq.accounts.forms import (
    AssignmentForm,
    LoginForm,
    PasswordChangeForm,
    TokenCreateForm,
    TwoFactorCodeForm,
    UserCreateForm,
)
from antq.accounts.middleware import session_renew
from antq.accounts.models import Assignment, Role, User
from antq.accounts.services import (
    NOT_MANAGED,
    account_changes,
    assignment_add,
    assignment_remove,
    token_issue,
    token_revoke,
    tokens_visible_to,
    two_factor_check,
    two_factor_confirm,
    two_factor_required,
    two_factor_start,
    user_create,
    user_set_active,
    users_managed_by,
)
from antq.accounts.services import password_change as password_change_service
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.audit.versions import form_save
from antq.units.models import Unit

NOT_A_MANAGER = gettext_lazy("Bạn không có quyền quản lý người dùng.")


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None, request=request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        previous = form.user.last_login
        login(request, form.user)
        audit_record(actor=form.user, action=AuditEntry.Action.LOGIN, obj=form.user)
        if previous and account_changes(form.user, since=previous).exists():
            messages.warning(
                request,
                _("Tài khoản của bạn đã thay đổi từ lần đăng nhập trước: xem %(page)s.")
                % {"page": _("Tài khoản của tôi")},
            )
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = ""
        return redirect(next_url or "home")
    expired = request.GET.get("het-han") == "1"
    return render(
        request, "accounts/login.html", {"form": form, "next": next_url, "expired": expired}
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=AuditEntry.Action.LOGOUT, obj=request.user)
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        revoked = password_change_service(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)  # this session goes on
        messages.success(
            request,
            _(
                "Đã đổi mật khẩu: các phiên đăng nhập khác đã kết thúc và %(n)s mã API "
                "của bạn đã bị thu hồi."
            )
            % {"n": revoked},
        )
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def my_account(request):
    """My roles, and what others changed on my account (roles, locking,
    tokens): every role change reaches the person it changed."""
    assignments = request.user.assignments.select_related("unit").order_by("unit__path")
    entries = list(account_changes(request.user)[:50])
    codes = {(e.after or e.before or {}).get("unit") for e in entries} - {None}
    names = dict(
        Unit.objects.filter(code__in=codes, valid_to__isnull=True).values_list("code", "name")
    )
    changes = [(entry, _change_text(entry, names)) for entry in entries]
    return render(
        request, "accounts/my_account.html", {"assignments": assignments, "changes": changes}
    )


def _change_text(entry: AuditEntry, unit_names: dict[str, str]) -> str:
    """One change to a person's account, said in a sentence."""
    data = entry.after or entry.before or {}
    if entry.object_type == "accounts.assignment":
        role = dict(Role.choices).get(data.get("role"), data.get("role"))
        unit = unit_names.get(data.get("unit"), data.get("unit"))
        if entry.action == AuditEntry.Action.DELETE:
            return _("Gỡ vai trò %(role)s tại %(unit)s") % {"role": role, "unit": unit}
        return _("Cấp vai trò %(role)s tại %(unit)s") % {"role": role, "unit": unit}
    if entry.object_type == "accounts.apitoken":
        return _("Thu hồi mã API #%(id)s") % {"id": entry.object_id}
    if (entry.after or {}).get("is_active") is False:
        return _("Khóa tài khoản")
    if (entry.after or {}).get("is_active") is True and (entry.before or {}).get(
        "is_active"
    ) is False:
        return _("Mở khóa tài khoản")
    return entry.note or entry.get_action_display()


@login_required
@require_POST
def session_keepalive(request):
    """ "Keep working" under the expiry warning: restarts the idle clock now
    (other requests restart it at most once a minute) and does nothing else."""
    session_renew(request, force=True)
    return HttpResponse(status=204)


def _managed_units(user):
    return (
        Unit.objects.for_user(user, MANAGE_USERS)
        .filter(valid_to__isnull=True)
        .filter(type__in=[Unit.Type.PROVINCE, Unit.Type.COMMUNE])
        .order_by("depth", "name_folded")
    )


@login_required
def user_list(request):
    require_somewhere(request.user, MANAGE_USERS, NOT_A_MANAGER)
    users = users_managed_by(request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request):
    require_somewhere(request.user, MANAGE_USERS, NOT_A_MANAGER)
    form = UserCreateForm(request.POST or None, units=_managed_units(request.user))
    if request.method == "POST" and form.is_valid():
        user, _stale = form_save(form, lambda: user_create(by=request.user, **form.cleaned_data))
        if user is not None:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
            return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _managed_user(request, pk: int) -> User:
    """A user visible to the manager: holds at least one assignment they manage."""
    users = users_managed_by(request.user)
    try:
        return users.get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request, pk: int):
    require_somewhere(request.user, MANAGE_USERS, NOT_A_MANAGER)
    user = _managed_user(request, pk)
    units = _managed_units(request.user)
    form = AssignmentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        added, _stale = form_save(
            form, lambda: assignment_add(by=request.user, user=user, **form.cleaned_data)
        )
        if added is not None:
            messages.success(request, _("Đã thêm vai trò."))
            return redirect("accounts:user-detail", pk=user.pk)
    assignments = user.assignments.select_related("unit").order_by("unit__path")
    may_act = user.pk != request.user.pk and outranks(request.user, user)
    manageable = set(
        Assignment.objects.for_user(request.user, MANAGE_USERS)
        .filter(user=user)
        .values_list("pk", flat=True)
        if may_act
        else []
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "form": form,
            "assignments": assignments,
            "manageable": manageable,
            "may_act": may_act,
        },
    )


@login_required
@require_POST
def assignment_delete(request, pk: int):
    assignment = get_for_user(
        Assignment.objects.select_related("user", "unit"), request.user, MANAGE_USERS, pk=pk
    )
    try:
        assignment_remove(by=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gỡ vai trò."))
    return redirect("accounts:user-detail", pk=assignment.user_id)


@login_required
@require_POST
def user_toggle_active(request, pk: int):
    require_somewhere(request.user, MANAGE_USERS, NOT_A_MANAGER)
    user = _managed_user(request, pk)
    assignment = (
        Assignment.objects.for_user(request.user, MANAGE_USERS)
        .filter(user=user)
        .select_related("unit")
        .first()
    )
    if assignment is None:
        raise Refused(NOT_MANAGED)
    try:
        user_set_active(by=request.user, user=user, active=not user.is_active, unit=assignment.unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if user.is_active:
            messages.success(request, _("Đã mở khóa tài khoản."))
        else:
            messages.success(
                request,
                _(
                    "Đã khóa tài khoản: mọi phiên đăng nhập của tài khoản đã kết thúc và "
                    "%(n)s mã API đã bị thu hồi."
                )
                % {"n": user.tokens_revoked},
            )
    return redirect("accounts:user-detail", pk=user.pk)


def _safe_next(request, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse(fallback)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Turn on two-factor sign-in: scan the code with an authenticator app
    (Google Authenticator, Microsoft Authenticator, FreeOTP…), type a code."""
    form = TwoFactorCodeForm(request.POST or None)
    device_id = request.session.get("antq_totp_setup")
    device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if request.method == "POST" and form.is_valid() and device is not None:
        if two_factor_confirm(user=request.user, device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            del request.session["antq_totp_setup"]
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_safe_next(request))
        form.add_error("code", _("Mã không đúng; kiểm tra giờ trên điện thoại rồi nhập mã mới."))
    if device is None:
        device = two_factor_start(user=request.user)
        request.session["antq_totp_setup"] = device.pk
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(device.bin_key).decode(),
        "required": two_factor_required(request.user),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of signing in for a user who has two-factor sign-in on."""
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_check(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("code", _("Mã không đúng hoặc đã dùng; nhập mã mới trên ứng dụng."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """My API tokens (and, for a unit administrator, those of the people I manage):
    create one (its value is shown once), see when each was last used, revoke."""
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        created = token_issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenCreateForm()
    tokens = tokens_visible_to(request.user).order_by("user__username", "-created_at")[:500]
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "created": created, "tokens": tokens, "days": settings.API_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = tokens_visible_to(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(by=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã API #%(id)s.") % {"id": token.pk})
    return redirect("accounts:token-list")
