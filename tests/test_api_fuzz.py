"""The API fuzzed from its own OpenAPI schema (schemathesis): generated calls,
valid and invalid, as a province officer with real data behind them. No call
may answer 500, and every answer must match the schema it documents (status
code, content type, body). Bounded and derandomized, so it runs the same cases
in the same time on every run.

Besides calls one at a time, a stateful run follows the schema's links (a
creation's `id` into the calls on what it created, see `antq.api.api`):
create, read, change, move, delete in generated sequences. `make fuzz` runs
both much longer (ANTQ_FUZZ_EXAMPLES), outside CI."""

import os

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


EXAMPLES = int(os.environ.get("ANTQ_FUZZ_EXAMPLES", "12"))  # make fuzz: 300
SCENARIOS = max(4, EXAMPLES // 3)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_call_answers_500_or_breaks_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


class LinkedCalls(schema.as_state_machine()):
    """Sequences of linked calls as the province approver (`headers` set by the test)."""

    headers: dict = {}

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=CHECKS, headers=self.headers)


def test_linked_calls_never_answer_500_or_break_their_schema(bearer):
    LinkedCalls.headers = bearer
    LinkedCalls.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
