"""A PUT replaces what was read: without the version it was read at, it would
overwrite blindly whatever a colleague changed since. Every PUT of the API
answers 428 without `version`, in Vietnamese, and writes nothing; a PUT added
later is covered here by itself (from the OpenAPI schema and the bodies the
URL matrix declares)."""

import json

import pytest
from django.test import Client

from antq.audit.models import AuditEntry
from tests.test_url_matrix import API, api_operations

PUTS = sorted(operation for operation in api_operations() if operation.startswith("PUT "))


def test_there_are_puts_to_check():
    assert PUTS  # an empty list would make the next test prove nothing


@pytest.mark.parametrize("operation", PUTS)
def test_a_put_without_its_version_answers_428_and_writes_nothing(world, operation):
    _method, path = operation.split(" ", 1)
    arguments, _query, body, _expected = API[operation]
    body = body(world) if callable(body) else dict(body or {})
    body.pop("version", None)
    client = Client()
    client.force_login(world.personas.province_approver)
    trail = AuditEntry.objects.count()
    response = client.put(
        path.format(**arguments(world)), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 428, response.content
    answer = response.json()
    assert "phiên bản" in answer["detail"]
    assert answer["errors"][0]["loc"] == ["body", "version"]
    assert AuditEntry.objects.count() == trail
