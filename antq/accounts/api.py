"""`/api/v1/auth`: bearer tokens. A token is issued for a user name and password
(plus the current two-factor code for accounts that have it on), lasts
ANTQ_API_TOKEN_DAYS, is stored only as a hash, and can be listed and revoked by
its owner and by the administrators of the owner's unit."""

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from antq.accounts.services import (
    login_authenticate,
    token_issue,
    token_revoke,
    tokens_visible_to,
    two_factor_check,
    two_factor_device,
    two_factor_required,
)
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.api import ErrorOut

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
    "/token", auth=None, response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
)
def token_create(request, payload: TokenIn):
    """Exchange a user name and password (and the two-factor code, when the
    account has it on) for a bearer token."""
    user = login_authenticate(request=request, username=payload.username, password=payload.password)
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
def tokens_revoke(request, pk: int):
    token = tokens_visible_to(request.auth).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Không tìm thấy mã API #%(id)s.") % {"id": pk})
    return token_revoke(by=request.auth, token=token)
