"""A page form is applied once, however often it is sent: a double click, the
browser's "send again", two tabs. The form carries a one-time key (`OnceForm`,
a hidden `client_key`: the same field the offline drafts send, core.offline),
and the view is wrapped with `@once_per_key`:

- the first send claims the key in its transaction (`ClientSubmission`) and,
  when it succeeds (redirects), remembers where it led;
- a later send with the same key answers with that same redirect and writes
  nothing; one sent at the same moment waits on the key's row, then does the
  same;
- a send that did not succeed (the form shown again with its errors) frees the
  key, so the corrected form goes through.

The key is the user's: another person's key is another key.

An API POST is applied once the same way, keyed by its `Idempotency-Key`
header (below: `idempotent_operation`, `idempotent_answer`, mounted on the
whole API by `antq.api`)."""

import datetime as dt
import functools
import hashlib
import json
import re
import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.models import ClientSubmission, IdempotencyKey
from antq.core.offline import client_key


class OnceForm(forms.Form):
    """A page form applied once: a fresh one-time key in a hidden field (the
    form's own hidden fields are rendered with it, so templates need nothing)."""

    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_key"].initial = uuid.uuid4().hex

    def full_clean(self):
        """The key is the view's (`once_per_key` reads it from the request),
        never data: it is not in `cleaned_data`, so `**cleaned_data` still
        fits a service."""
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop("client_key", None)


def _earlier(request) -> ClientSubmission | None:
    key = client_key(request)
    if not key:
        return None
    return ClientSubmission.objects.filter(user=request.user, key=key).first()


def _replay(request, earlier: ClientSubmission):
    messages.info(request, _("Biểu mẫu này đã được gửi; đây là kết quả của lần gửi đầu."))
    return redirect(earlier.result)


def once_per_key(view):
    """Apply a POST of `view` once per (user, client_key); see the module."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        key = client_key(request)
        if request.method != "POST" or not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        earlier = _earlier(request)
        if earlier is not None and earlier.result:
            return _replay(request, earlier)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = ClientSubmission.objects.create(
                        user=request.user, key=key, path=request.path[:255]
                    )
            except IntegrityError:  # sent at the same moment: the first has finished
                earlier = _earlier(request)
                if earlier is not None and earlier.result:
                    return _replay(request, earlier)
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                claim.result = response["Location"][:500]
                claim.save(update_fields=["result"])
            else:
                claim.delete()  # not applied: the corrected form may use the key
        return response

    return wrapped


# The API: `Idempotency-Key` (the IETF httpapi draft's header) on a POST.
#
# - The key is the caller's (user or token holder): one person's key is never
#   another's. It lives KEY_LIFETIME, then the same key is a new request.
# - The first POST claims the key in its transaction (`IdempotencyKey`), after
#   its body was validated; its answer, when it succeeds (2xx), is kept with the
#   key, committed with the write. Any other answer frees the key (nothing was
#   written: a 4xx writes nothing, a 5xx rolls back), so the request can be sent
#   again, corrected or not.
# - The same POST sent again with the key answers the kept status and body, with
#   `Idempotent-Replayed: true`, and writes nothing (no row, no audit entry). One
#   sent at the same moment waits on the key's row (the unique index), then does
#   the same.
# - The same key with another method, path or body is a 422 (the draft's
#   answer), and a key that is not 1 to 255 visible ASCII characters a 400.

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY_LIFETIME = dt.timedelta(hours=24)
_API_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyRefused(Exception):
    """An Idempotency-Key that cannot be used (`antq.api` answers `status`)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _fingerprint(request) -> str:
    """What the request asks, as a digest: method, path with query, body (a
    multipart body by its fields and files' contents, so a large upload is
    never read into memory whole)."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data" and _multipart_read(request):
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values]).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(json.dumps([name, upload.name, upload.size]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _multipart_read(request) -> bool:
    """Whether the body reads as multipart (a JSON body sent with a multipart
    type and no boundary does not: it is digested as it came)."""
    try:
        request.POST  # noqa: B018 (parses the body once; Django keeps the result)
    except MultiPartParserError:
        return False
    return True


def _caller(request):
    """Who sent the request (a token's holder or a signed-in session), or None
    for an operation that needs no sign-in (asking for a token): its key is
    nobody's, so it is ignored."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _kept(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(row.body, status=row.status, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _earlier_answer(row: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if row.fingerprint != fingerprint:
        raise KeyRefused(
            _(
                "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (khác đường dẫn "
                "hoặc nội dung): mỗi yêu cầu mới cần một khóa mới."
            ),
            422,
        )
    if row.status is None:  # defensive: a claim commits only with its answer
        raise KeyRefused(_("Yêu cầu với khóa này đang được xử lý; vui lòng gửi lại sau."), 409)
    return _kept(row)


def idempotent_operation(view_func):
    """Wraps each API operation after its body was validated (ninja's
    "operation" decorators): a POST with an Idempotency-Key is answered from
    its key when sent before, or claims the key and runs."""

    @functools.wraps(view_func)
    def wrapped(request, *args, **kwargs):
        key, user = request.headers.get(IDEMPOTENCY_HEADER), _caller(request)
        if request.method != "POST" or key is None or user is None:
            return view_func(request, *args, **kwargs)
        if not _API_KEY.match(key):
            raise KeyRefused(
                _("Khóa Idempotency-Key phải dài 1–255 ký tự ASCII nhìn thấy được."), 400
            )
        fingerprint = _fingerprint(request)
        IdempotencyKey.objects.filter(
            user=user, created_at__lt=timezone.now() - KEY_LIFETIME
        ).delete()
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    fingerprint=fingerprint,
                    method=request.method,
                    path=request.path[:255],
                )
        except IntegrityError:  # sent before, or at the same moment and now finished
            return _earlier_answer(IdempotencyKey.objects.get(user=user, key=key), fingerprint)
        request.idempotency_claim = claim
        return view_func(request, *args, **kwargs)

    return wrapped


def idempotent_answer(run):
    """Wraps each API operation whole (ninja's "view" decorators): the answer
    of a POST that claimed a key is kept with it when it succeeded, else the
    key is freed. Runs inside the request's transaction
    (core.middleware.WritesAllOrNothingMiddleware), so key, write and answer
    land together or not at all."""

    @functools.wraps(run)
    def wrapped(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        claim = getattr(request, "idempotency_claim", None)
        if claim is None:
            return response
        if 200 <= response.status_code < 300 and not response.streaming:
            claim.status = response.status_code
            claim.content_type = response.get("Content-Type", "")[:100]
            claim.body = response.content.decode(response.charset or "utf-8")
            claim.save(update_fields=["status", "content_type", "body"])
        else:
            claim.delete()
        return response

    return wrapped
