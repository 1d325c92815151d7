"""Sign-in throttling, API tokens and user management within a subtree."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import MANAGE_USERS, can, forget_cached_scope, is_system_admin
from antq.accounts.models import ApiToken, Assignment, LoginFailure, Role, User, hash_token
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.units.models import Unit

USER_FIELDS = ["username", "full_name", "position", "phone", "email", "is_active"]


class LoginThrottled(Exception):
    pass


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """True when the user name or the address has failed too often recently."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username__iexact=username).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    limit = settings.LOGIN_MAX_FAILURES
    # An address may try a few more names than one name may be tried.
    return by_name >= limit or by_ip >= limit * 4


def login_authenticate(*, request, username: str, password: str) -> User | None:
    """Check credentials with throttling. Raises LoginThrottled when locked out;
    returns None (and records the failure) on wrong credentials."""
    ip_address = request.META.get("REMOTE_ADDR") if request else None
    if login_is_throttled(username=username, ip_address=ip_address):
        raise LoginThrottled(
            _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.")
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        LoginFailure.objects.create(username=username[:150], ip_address=ip_address)
        audit_record(
            actor=None,
            action=AuditEntry.Action.LOGIN_FAILED,
            object_type="accounts.user",
            object_repr=username[:150],
        )
        return None
    LoginFailure.objects.filter(username__iexact=username).delete()
    return user


def token_issue(*, user: User) -> str:
    """A new bearer token for `user`; only its hash is stored, the raw value returned once."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit_record(actor=user, action=AuditEntry.Action.TOKEN, obj=user)
    return raw


def token_user(raw: str) -> User | None:
    """The active user owning an unexpired token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _check_can_assign(by: User, role: str, unit: Unit) -> None:
    if not can(by, MANAGE_USERS, unit.path):
        raise PermissionError(_("Bạn không quản lý người dùng của đơn vị này."))
    if role == Role.SYSTEM_ADMIN and not is_system_admin(by):
        raise PermissionError(_("Chỉ quản trị hệ thống mới cấp được vai trò này."))
    if not unit.is_open:
        raise ValidationError({"unit": [_("Đơn vị đã ngừng hoạt động.")]})


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    password: str,
    role: str,
    unit: Unit,
    full_name: str = "",
    position: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    """Create an account with its first assignment. Raises PermissionError if `by`
    does not manage users at `unit`, ValidationError for a taken name or weak password."""
    _check_can_assign(by, role, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("Tên đăng nhập đã tồn tại.")]})
    user = User(username=username, full_name=full_name, position=position, phone=phone, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=user,
        unit_path=unit.path,
        after=snapshot(user, USER_FIELDS),
    )
    assignment_add(by=by, user=user, role=role, unit=unit)
    return user


@transaction.atomic
def assignment_add(*, by: User, user: User, role: str, unit: Unit) -> Assignment:
    _check_can_assign(by, role, unit)
    assignment, created = Assignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=assignment,
            unit_path=unit.path,
            after={"user": user.username, "role": role, "unit": unit.code},
        )
    forget_cached_scope(user)
    return assignment


@transaction.atomic
def assignment_remove(*, by: User, assignment: Assignment) -> None:
    unit = assignment.unit
    if not can(by, MANAGE_USERS, unit.path):
        raise PermissionError(_("Bạn không quản lý người dùng của đơn vị này."))
    if assignment.user_id == by.pk and assignment.role in {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}:
        raise ValidationError(_("Không thể tự gỡ quyền quản trị của chính mình."))
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=assignment,
        unit_path=unit.path,
        before={"user": assignment.user.username, "role": assignment.role, "unit": unit.code},
    )
    assignment.delete()


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool, unit: Unit) -> User:
    """Lock or unlock an account managed at `unit` (accounts are never deleted)."""
    if not can(by, MANAGE_USERS, unit.path):
        raise PermissionError(_("Bạn không quản lý người dùng của đơn vị này."))
    if user.pk == by.pk:
        raise ValidationError(_("Không thể tự khóa tài khoản của mình."))
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        unit_path=unit.path,
        before=before,
        after=snapshot(user, USER_FIELDS),
    )
    return user


def users_managed_by(user: User):
    """Accounts holding at least one assignment inside what `user` manages."""
    assignments = Assignment.objects.for_user(user, MANAGE_USERS)
    return (
        User.objects.filter(assignments__in=assignments)
        .distinct()
        .prefetch_related("assignments__unit")
        .order_by("username")
    )
