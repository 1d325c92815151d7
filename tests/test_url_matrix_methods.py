"""The attacker's view of every route: each page and each API path, asked by
each persona with every writing method it was not declared for (POST, PUT,
PATCH, DELETE), with a body. Whatever the answer (405, a refusal, or a view
that reads any method as a GET), nothing changes: no server error, no audit
entry, and no row of any table added or removed.

The declared methods are in tests/test_url_matrix.py (each page with GET and
POST, each API operation with its body and with an empty one); this covers
the rest, so a route added later is covered by itself."""

import json

import pytest
from django.apps import apps
from django.test import Client

from antq.audit.models import AuditEntry
from tests.test_url_matrix import API, PAGES, PERSONAS, _page_url, api_operations, people  # noqa: F401

WRITES = ("post", "put", "patch", "delete")
BODY = json.dumps({"version": 1, "reason": "thử", "name": "Tổ mới", "unit": "06673"})
pytestmark = pytest.mark.usefixtures("people")  # the data-entry clerk among the personas
UNCOUNTED = {"sessions.session"}  # a signed-in request may refresh its session


def fingerprint() -> dict[str, int]:
    """The number of rows of every table antq keeps (the audit log included)."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in UNCOUNTED
    }


def _paths() -> dict[str, set[str]]:
    """API path → the methods its operations take."""
    taken: dict[str, set[str]] = {}
    for operation in api_operations():
        method, path = operation.split(" ", 1)
        taken.setdefault(path, set()).add(method.lower())
    return taken


def _ask(world, persona: str, method: str, url: str) -> int:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world.personas, persona))
    response = getattr(client, method)(url, BODY, content_type="application/json")
    return response.status_code


def _unchanged(world, url: str, methods) -> list[tuple]:
    before = fingerprint()
    trail = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    answers = []
    for method in methods:
        for persona in PERSONAS:
            status = _ask(world, persona, method, url)
            answers.append((persona, method, status))
            assert status < 500, (persona, method, url, status)
    written = list(
        AuditEntry.objects.filter(pk__gt=trail)
        .exclude(action=AuditEntry.Action.LOGIN_FAILED)
        .values_list("action", "object_type")
    )
    reads = {AuditEntry.Action.READ}  # a view reading any method as GET may record a reading
    assert [w for w in written if w[0] not in reads] == [], (url, written)
    after = fingerprint()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    changed.pop("audit.auditentry", None)  # the readings above, if any
    assert changed == {}, (url, changed)
    return answers


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_sent_a_method_it_does_not_take_changes_nothing(world, name):
    declared = PAGES[name][0]
    methods = [m for m in WRITES if m not in {declared, "post"}]  # POST: the main matrix
    _unchanged(world, _page_url(world, name), methods)


@pytest.mark.parametrize("path", sorted(_paths()))
def test_an_api_path_sent_a_method_it_does_not_take_changes_nothing(world, path):
    methods = [m for m in WRITES if m not in _paths()[path]]
    if not methods:
        return
    for operation in (f"{m.upper()} {path}" for m in _paths()[path]):
        arguments = API[operation][0]
        break
    answers = _unchanged(world, path.format(**arguments(world)), methods)
    signed_in = [status for persona, _method, status in answers if persona != "anonymous"]
    assert set(signed_in) <= {404, 405}, answers  # a route never reads another method
