"""The API fuzzed from its own OpenAPI schema (schemathesis): generated calls,
valid and invalid, as a province officer with real data behind them. No call
may answer 500, and every answer must match the schema it documents (status
code, content type, body). Bounded and derandomized, so it runs the same cases
in the same time on every run."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from antq.accounts.services import token_issue
from antq.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def bearer(world):
    """A token of the province approver over a world of data. The calls go to the
    WSGI application in this process, inside the test's transaction, so the
    connection must outlive each request (as Django's test client arranges)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {token_issue(user=world.personas.province_approver)}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_call_answers_500_or_breaks_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
