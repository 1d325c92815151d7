"""What antq needs to be an installable web app that keeps working offline:
the manifest, the service worker (served from the site root so it controls
every page), and once-only sends of drafts kept on the device."""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from antq.core.models import ClientSubmission

KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def client_key(request) -> str:
    """The draft's key sent with a form ("" when none or malformed)."""
    key = request.POST.get("client_key", "")
    return key if KEY.match(key) else ""


def sent_before(request) -> bool:
    key = client_key(request)
    return bool(key) and ClientSubmission.objects.filter(user=request.user, key=key).exists()


class AlreadySent(Exception):
    """The same draft is being (or was) applied by another request."""


def remember(request) -> None:
    """Record the key first in the write's transaction: the write and the key
    land together, and a simultaneous second send of the same draft waits on
    the key's row, then fails here (AlreadySent) and writes nothing."""
    key = client_key(request)
    if not key:
        return
    try:
        with transaction.atomic():
            ClientSubmission.objects.create(user=request.user, key=key, path=request.path[:255])
    except IntegrityError:
        raise AlreadySent from None


def is_offline_sync(request) -> bool:
    """A draft sent by antq's offline script (it wants JSON, not a page)."""
    return request.headers.get("X-Antq-Offline") == "1"


def changed_offline(request) -> set[str] | None:
    """The names of the fields the person changed while offline (offline.js
    sends them as `changed_offline` with a draft that met a newer version), or
    None from a device that did not say (then every field is theirs)."""
    if "changed_offline" not in request.POST:
        return None
    return {name for name in request.POST["changed_offline"].split(",") if name}


def keep_untouched(data, current_form, touched: set[str] | None):
    """`data` (a draft's POST) where every field the person did not change
    offline takes its value on the server now (`current_form`, unbound, built
    from the current object): only the fields they changed count as theirs,
    so a colleague's newer value is never undone silently."""
    if touched is None:
        return data
    data = data.copy()
    for name, field in current_form.fields.items():
        key = current_form.add_prefix(name)
        if name == "version" or key in touched:
            continue
        value = current_form[name].value()
        shown = None if value is None else field.widget.format_value(value)
        if isinstance(shown, list | tuple):  # a choice widget formats as a list of options
            data.setlist(key, [str(option) for option in shown])
        else:
            data[key] = "" if shown is None else shown
    return data


def merge_offline(
    request, server: Mapping[str, Any], read: Callable[[str, str], Any]
) -> set[str] | None:
    """A draft kept on the device that met a newer version, merged field by
    field: the names of the fields the person changed offline, when none of
    them was also changed on the server meanwhile to something else; then
    only those fields are written and the others keep the server's value
    (a colleague's figure stays), without asking. None when a field was
    changed on both sides differently, or when the device did not say what
    it changed and what it started from (`changed_offline`, and
    `was_offline`: {name: the value the page showed}): then the person
    chooses on the conflict page.

    `server` holds each field's value on the server now and `read(name,
    text)` reads a typed value the same way (a figure "1.480" → 1480), so
    "1.480" and "1480" are the same value."""
    touched = changed_offline(request)
    try:
        was = json.loads(request.POST.get("was_offline", ""))
    except ValueError:
        return None
    if touched is None or not isinstance(was, dict):
        return None
    for name in touched:
        if name not in server or not isinstance(was.get(name), str):
            return None
        try:
            base, mine = read(name, was[name]), read(name, request.POST.get(name, ""))
        except ValueError:
            return None  # typed unreadably: the person sees it beside the server's
        now = server[name]
        if base != now and mine != now:  # changed on both sides, differently
            return None
    return touched
