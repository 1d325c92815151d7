"""`/api/v1/auth`: bearer tokens. A token is issued for a user name and password
(plus the current two-factor code for accounts that have it on), lasts
ANTQ_API_TOKEN_DAYS, is stored only as a hash, and can be listed and revoked by
its owner and by the administrators of the owner's unit.

`/api/v1/users`: an account with its first role at a unit (`users_router`)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from antq.accounts.models import ROLES_BY_PRIVILEGE
from antq.accounts.services import (
    login_authenticate,
    token_issue,
    token_revoke,
    tokens_visible_to,
    two_factor_check,
    two_factor_device,
    two_factor_required,
    user_create,
)
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.api import ErrorOut, Id
from antq.units.codes import unit_from_code

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=4096)
    otp: str | None = Field(None, max_length=6, description="mã xác thực hai lớp (6 số)")
    name: str = Field("", max_length=100, description="tên gợi nhớ của mã")


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class TokenInfoOut(Schema):
    id: int
    user: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool

    @staticmethod
    def resolve_user(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.is_active


def _error(status: int, detail: str):
    return Status(status, {"detail": detail, "errors": []})


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut, 503: ErrorOut},
)
def token_create(request, payload: TokenIn):
    """Exchange a user name and password (and the two-factor code, when the
    account has it on) for a bearer token."""
    # a client retries a busy answer: its worker is not held waiting for long
    user = login_authenticate(
        request=request, username=payload.username, password=payload.password, wait=1
    )
    if user is None:
        return _error(401, _("Sai tên đăng nhập hoặc mật khẩu."))
    if two_factor_device(user) is not None:
        if not payload.otp or two_factor_check(user=user, code=payload.otp) is None:
            return _error(401, _("Cần mã xác thực hai lớp đúng (trường otp)."))
    elif two_factor_required(user):
        return _error(
            403, _("Tài khoản quản trị cần bật xác thực hai lớp trên giao diện web trước.")
        )
    audit_record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, note="api")
    raw = token_issue(user=user, name=payload.name)
    token = user.api_tokens.order_by("-pk").first()
    return Status(200, {"token": raw, "expires_at": token.expires_at})


@router.get("/tokens", response=list[TokenInfoOut])
def tokens_list(request):
    """My tokens, and those of the people I manage as a unit administrator."""
    return list(tokens_visible_to(request.auth).order_by("-created_at")[:500])


@router.delete("/tokens/{int:pk}", response={200: TokenInfoOut, 404: ErrorOut})
def tokens_revoke(request, pk: Id):
    token = tokens_visible_to(request.auth).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Không tìm thấy mã API #%(id)s.") % {"id": pk})
    return token_revoke(by=request.auth, token=token)


# --- `/api/v1/users`: the twin of the page "Thêm người dùng" and of `antq create_user`

users_router = Router(tags=["users"])


class RoleOut(Schema):
    code: str
    name: str


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(..., min_length=8, max_length=4096)
    role: str = Field(..., description="vai trò (xem /users/roles); không có mặc định")
    unit: str = Field(..., max_length=32, description="mã đơn vị đang hoạt động")
    full_name: str = Field("", max_length=150)
    position: str = Field("", max_length=150)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    roles: list[dict]

    @staticmethod
    def resolve_roles(obj) -> list[dict]:
        return [
            {"role": a.role, "unit": a.unit.code, "unit_name": a.unit.name}
            for a in obj.assignments.select_related("unit")
        ]


@users_router.get("/roles", response=list[RoleOut], summary="Các vai trò, từ ít đến nhiều quyền")
def users_roles(request):
    return [{"code": r.value, "name": str(r.label)} for r in ROLES_BY_PRIVILEGE]


@users_router.post(
    "",
    response={201: UserOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Tạo tài khoản với vai trò đầu tiên tại một đơn vị",
)
def users_create(request, payload: UserIn):
    if payload.role not in {r.value for r in ROLES_BY_PRIVILEGE}:
        raise ValidationError({"role": [_("Chọn một vai trò trong danh sách /users/roles.")]})
    unit = unit_from_code(request, payload.unit)
    user = user_create(by=request.auth, **payload.dict() | {"unit": unit})
    return Status(201, user)
