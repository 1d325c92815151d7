from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from antq.accounts.services import login_authenticate, token_issue
from antq.api.common import ErrorOut
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def token_create(request, payload: TokenIn):
    """Exchange a user name and password for a bearer token."""
    user = login_authenticate(request=request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": _("Sai tên đăng nhập hoặc mật khẩu."), "errors": []})
    audit_record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, note="api")
    return Status(200, {"token": token_issue(user=user)})
