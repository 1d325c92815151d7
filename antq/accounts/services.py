"""Sign-in throttling, API tokens and user management within a subtree."""

import copy
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.access import (
    MANAGE_USERS,
    Actor,
    Refused,
    SystemActor,
    forget_cached_scope,
    rank_at,
    require,
    require_outranks,
    role_rank,
    roles_of,
)
from antq.accounts.models import ApiToken, Assignment, LoginFailure, Role, User, hash_token
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each, snapshot
from antq.core.actors import person_of
from antq.core.cache import count_call
from antq.core.proxies import client_address
from antq.core.slots import Busy, cpu_slot
from antq.units.models import Unit

USER_FIELDS = ["username", "full_name", "position", "phone", "email", "is_active"]
NOT_MANAGED = gettext_lazy("Bạn không quản lý người dùng của đơn vị này.")
ROLE_ABOVE_YOURS = gettext_lazy("Bạn không cấp được vai trò cao hơn vai trò của mình ở đơn vị này.")
NOT_YOURSELF = gettext_lazy(
    "Không ai tự cấp vai trò cho chính mình: hãy nhờ một quản trị viên khác."
)


def _require_may_grant(by: Actor, user: User, role: str, unit: Unit) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if not isinstance(by, SystemActor) and user.pk == by.pk:
        raise Refused(NOT_YOURSELF)
    if role_rank(role) > rank_at(by, unit.path):
        raise Refused(ROLE_ABOVE_YOURS)
    require_outranks(by, user)


class LoginThrottled(Exception):
    pass


class SignInBusy(Exception):
    """Every password check of this machine is taken: try again in a second."""

    retry_after = 1


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """True when the user name or the address has failed too often recently."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username__iexact=username).count()
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    limit = settings.LOGIN_MAX_FAILURES
    # An address may try a few more names than one name may be tried.
    return by_name >= limit or by_ip >= limit * 4


def login_authenticate(
    *, request, username: str, password: str, wait: float | None = None
) -> User | None:
    """Check credentials with throttling. Raises LoginThrottled when locked out,
    SignInBusy when the machine's password checks are all taken for `wait`
    seconds (settings.SIGNIN_WAIT_SECONDS by default); returns None (and
    records the failure) on wrong credentials."""
    ip_address = client_address(request) if request else None
    if login_is_throttled(username=username, ip_address=ip_address):
        raise LoginThrottled(
            _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.")
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
        )
    wait = settings.SIGNIN_WAIT_SECONDS if wait is None else wait
    try:
        with cpu_slot("signin", wait=wait):
            user = authenticate(request, username=username, password=password)
    except Busy:
        raise SignInBusy(
            _("Đang có nhiều người đăng nhập cùng lúc. Vui lòng thử lại sau vài giây.")
        ) from None
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


class RateLimited(Exception):
    """Too many API calls with one token in the current minute (answered 429)."""

    def __init__(self, seconds: int):
        self.retry_after = seconds
        super().__init__(
            _("Quá %(limit)s lượt gọi API trong một phút với mã này; thử lại sau %(s)s giây.")
            % {"limit": settings.API_RATE_PER_MINUTE, "s": seconds}
        )


def token_issue(*, user: User, name: str = "") -> str:
    """A new bearer token for `user`, valid API_TOKEN_DAYS; only its hash is
    stored, the raw value is returned once."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit_record(
        actor=user,
        action=AuditEntry.Action.TOKEN,
        obj=user,
        after={"token": token.pk, "name": token.name, "expires_at": token.expires_at.isoformat()},
    )
    return raw


# token hash → (monotonic time it was read, token id, expiry, last use, user)
_TOKENS: dict[str, tuple[float, int, object, object, User]] = {}
_TOKENS_MAX = 10_000


def forget_cached_tokens() -> None:
    """Drop this process's cached token owners: a revoked token, a locked or
    changed user is refused by the next call here (other processes within
    API_TOKEN_CACHE_SECONDS)."""
    _TOKENS.clear()


def token_user(raw: str) -> User | None:
    """The active user owning an unexpired, unrevoked token, or None. Raises
    RateLimited past API_RATE_PER_MINUTE calls with the token in this minute.

    The owner is kept in this process for API_TOKEN_CACHE_SECONDS (a deadline
    brings one call after another with the same token): a revocation or a
    lock made in this process is seen at once, one made in another process
    within that bound. Rights are not cached: they are read per request."""
    now = timezone.now()
    key = hash_token(raw)
    bound = settings.API_TOKEN_CACHE_SECONDS
    found = _TOKENS.get(key) if bound else None
    if found is not None and time.monotonic() - found[0] < bound and found[2] > now:
        _read, token_id, expires_at, last_used_at, user = found
    else:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=key, expires_at__gt=now, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            _TOKENS.pop(key, None)
            return None
        token_id, expires_at, last_used_at, user = (
            token.pk, token.expires_at, token.last_used_at, token.user
        )  # fmt: skip
    _count_call(token_id, now)
    # last use to the minute: one write a minute per token, not one per call
    if last_used_at is None or now - last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        last_used_at = now
    if bound:
        if len(_TOKENS) >= _TOKENS_MAX:
            _TOKENS.clear()
        read_at = found[0] if found is not None and found[4] is user else time.monotonic()
        _TOKENS[key] = (read_at, token_id, expires_at, last_used_at, user)
    return copy.copy(user)  # a request's own: the rights it caches die with it


def _count_call(token_id: int, now) -> None:
    """A fixed one-minute window per token, counted in the store every
    process shares (`core.cache.count_call`)."""
    window = int(now.timestamp() // 60)
    calls = count_call(f"antq:api-rate:{token_id}:{window}")
    if calls > settings.API_RATE_PER_MINUTE:
        raise RateLimited(60 - int(now.timestamp()) % 60)


def tokens_visible_to(user: User):
    """API tokens `user` may list and revoke: their own, and those of the people
    they manage (unit administrators, within their subtree)."""
    managed = Assignment.objects.for_user(user, MANAGE_USERS).values("user")
    return ApiToken.objects.select_related("user").filter(Q(user=user) | Q(user__in=managed))


@transaction.atomic
def token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once (the owner, or an administrator of the owner's unit).
    Raises Refused otherwise."""
    if not tokens_visible_to(by).filter(pk=token.pk).exists():
        raise Refused(_("Bạn không có quyền thu hồi mã này."))
    if token.user_id != by.pk:
        require_outranks(by, token.user)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])  # forgets cached owners
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=token,
            before={"revoked_at": None},
            after={
                "revoked_at": token.revoked_at.isoformat(),
                "owner": token.user.username,
                "owner_id": token.user_id,
            },
            note=_("Thu hồi mã API"),
        )
    return token


def two_factor_required(user: User) -> bool:
    """System and unit administrators must sign in with a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    # the roles come with the rights every page reads anyway: no query of its own
    return user.is_superuser or bool(roles_of(user) & {Role.SYSTEM_ADMIN, Role.UNIT_ADMIN})


def two_factor_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed TOTP secret for the set-up page (nothing changes for
    the user until it is confirmed with a code; see two_factor_confirm)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="antq", confirmed=False)


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Turn on two-factor sign-in with the device whose current code is `code`;
    False (nothing changed) if the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit_record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        before={"two_factor": False},
        after={"two_factor": True},
        note=_("Bật xác thực hai lớp"),
    )
    return True


def two_factor_check(*, user: User, code: str) -> TOTPDevice | None:
    """The user's confirmed device if `code` is its current code (each code
    works once), else None; a wrong code is recorded like a failed sign-in."""
    device = two_factor_device(user)
    if device is not None and device.verify_token((code or "").strip()):
        return device
    audit_record(
        actor=user, action=AuditEntry.Action.LOGIN_FAILED, obj=user, note=_("Sai mã xác thực")
    )
    return None


@transaction.atomic
def user_create(
    *,
    by: Actor,
    username: str,
    password: str,
    role: str,
    unit: Unit,
    full_name: str = "",
    position: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    """Create an account with its first assignment (see `assignment_add`).
    Raises Refused if `by` does not manage users at `unit`, ValidationError
    for a taken name or a weak password; nothing is written then."""
    require(by, MANAGE_USERS, unit, NOT_MANAGED)
    if role not in Role.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if role_rank(role) > rank_at(by, unit.path):
        raise Refused(ROLE_ABOVE_YOURS)
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
def assignment_add(*, by: Actor, user: User, role: str, unit: Unit) -> Assignment:
    """Give `user` `role` at `unit` (once; audited, and shown to `user` on
    their account page). Raises Refused unless `by` manages users at `unit`
    (the system administrator role only a system administrator grants), when
    `by` is `user` (nobody grants themselves a role), when `role` ranks above
    `by`'s own there or `user` holds a role above `by`'s; ValidationError for
    a closed unit."""
    require(by, MANAGE_USERS, unit, NOT_MANAGED)
    if role == Role.SYSTEM_ADMIN:
        require(by, MANAGE_USERS, None, _("Chỉ quản trị hệ thống mới cấp được vai trò này."))
    _require_may_grant(by, user, role, unit)
    if not unit.is_open:
        raise ValidationError({"unit": [_("Đơn vị đã ngừng hoạt động.")]})
    assignment, created = Assignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=assignment,
            unit_path=unit.path,
            after={"user": user.username, "user_id": user.pk, "role": role, "unit": unit.code},
        )
    forget_cached_scope(user)
    return assignment


@transaction.atomic
def assignment_remove(*, by: Actor, assignment: Assignment) -> None:
    """Take a role back (audited, and shown to its holder). Raises Refused
    unless `by` manages users at its unit and holds no role below the
    holder's; ValidationError when administrators would remove their own."""
    unit = assignment.unit
    require(by, MANAGE_USERS, unit, NOT_MANAGED)
    if assignment.user_id != by.pk:
        require_outranks(by, assignment.user)
    if assignment.user_id == by.pk and assignment.role in {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}:
        raise ValidationError(_("Không thể tự gỡ quyền quản trị của chính mình."))
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=assignment,
        unit_path=unit.path,
        before={
            "user": assignment.user.username,
            "user_id": assignment.user_id,
            "role": assignment.role,
            "unit": unit.code,
        },
    )
    assignment.delete()


@transaction.atomic
def user_set_active(*, by: Actor, user: User, active: bool, unit: Unit) -> User:
    """Lock or unlock an account managed at `unit` (accounts are never deleted).
    Locking revokes its API tokens and ends its sessions for good (an unlock
    revives neither; `user.tokens_revoked` says how many tokens). Raises
    Refused unless `by` manages users at `unit` and the account holds no role
    above `by`'s."""
    require(by, MANAGE_USERS, unit, NOT_MANAGED)
    if user.pk == by.pk:
        raise ValidationError(_("Không thể tự khóa tài khoản của mình."))
    require_outranks(by, user)
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user.tokens_revoked = user_access_revoke(by=by, user=user, unit_path=unit.path)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        unit_path=unit.path,
        before=before,
        after=snapshot(user, USER_FIELDS),
    )
    return user


def user_access_revoke(*, by: Actor, user: User, unit_path: str = "") -> int:
    """End what the account's old password opened: revoke its active tokens
    (one audit entry each) and move its session epoch on, so every session
    signed in before ends (the caller keeps its own with
    update_session_auth_hash). Returns the number of tokens revoked."""
    now = timezone.now()
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now))
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(
        revoked_at=now, revoked_by=person_of(by)
    )
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        objects=tokens,
        unit_path_of=lambda token: unit_path,
        before_of=lambda token: {"revoked_at": None},
        after_of=lambda token: {
            "revoked_at": now.isoformat(),
            "owner": user.username,
            "owner_id": user.pk,
        },
        note=_("Thu hồi mã API"),
    )
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    return len(tokens)


@transaction.atomic
def password_change(*, user: User, password: str) -> int:
    """Set `user`'s new password (already validated by the form), revoke
    every API token and end every other session of the account (audited).
    Returns the number of tokens revoked."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = user_access_revoke(by=user, user=user)
    audit_record(
        actor=user,
        action=AuditEntry.Action.PASSWORD,
        obj=user,
        after={"tokens_revoked": revoked, "other_sessions_ended": True},
    )
    return revoked


def users_managed_by(user: User):
    """Accounts holding at least one assignment inside what `user` manages."""
    assignments = Assignment.objects.for_user(user, MANAGE_USERS)
    return (
        User.objects.filter(assignments__in=assignments)
        .distinct()
        .prefetch_related("assignments__unit")
        .order_by("username")
    )


def account_changes(user: User, *, since=None):
    """What others changed on `user`'s account, newest first, from the audit
    log: roles given and taken back, locking, tokens revoked. `since` (a
    datetime) keeps the later ones. Shown to the person on their account
    page and, at sign-in, announced when there is anything new."""
    about_me = (
        Q(object_type="accounts.assignment", after__user_id=user.pk)
        | Q(object_type="accounts.assignment", before__user_id=user.pk)
        | Q(object_type="accounts.user", object_id=str(user.pk))
        | Q(object_type="accounts.apitoken", after__owner_id=user.pk)
    )
    entries = AuditEntry.objects.filter(about_me).exclude(actor=user)
    entries = entries.exclude(action__in=[AuditEntry.Action.LOGIN, AuditEntry.Action.LOGIN_FAILED])
    if since is not None:
        entries = entries.filter(at__gt=since)
    return entries.order_by("-at", "-pk")
