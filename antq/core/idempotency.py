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

The key is the user's: another person's key is another key."""

import functools
import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from antq.core.models import ClientSubmission
from antq.core.offline import client_key


class OnceForm(forms.Form):
    """A page form applied once: a fresh one-time key in a hidden field (the
    form's own hidden fields are rendered with it, so templates need nothing)."""

    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_key"].initial = uuid.uuid4().hex


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
