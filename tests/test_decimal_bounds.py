"""A number too large for the column it goes to is refused at the door (API
schema and page form) with a Vietnamese 422 and nothing written, so one bad
value can never break a page for everybody; `antq check_data` finds (and on
request repairs) values already stored out of range."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from antq.assessments.models import Answer, Assessment, Criterion
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.workflow import assessment_start
from antq.audit.models import AuditEntry


@pytest.fixture
def draft(tree, personas):
    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    registration_create(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    return assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)


def _number_answer(assessment: Assessment) -> Answer:
    return assessment.answers.filter(criterion__kind=Criterion.Kind.NUMBER).first()


def _put(client, assessment, answers: dict, **extra):
    body = {"answers": answers, "version": assessment.version, **extra}
    return client.put(
        f"/api/v1/assessments/{assessment.pk}", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize("number", [1e30, "1.000.000.000.000", 12345678901, 0.001])
def test_a_number_too_large_or_too_precise_for_its_column_is_a_422_and_nothing_is_written(
    client, personas, draft, number
):
    client.force_login(personas.officer_a)
    answer = _number_answer(draft)
    trail = AuditEntry.objects.count()
    response = _put(client, draft, {answer.criterion.code: {"number": number}})
    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]
    assert "chữ số" in error["msg"]
    answer.refresh_from_db()
    assert answer.number is None
    assert AuditEntry.objects.count() == trail
    assert client.get(f"/api/v1/assessments/{draft.pk}").status_code == 200


def test_a_score_is_checked_against_its_own_column(client, personas, draft):
    client.force_login(personas.officer_a)
    item = draft.scores.first().item
    response = _put(client, draft, {}, scores={str(item.code): 100000})
    assert response.status_code == 422, response.content
    assert draft.scores.get(item=item).self_points is None


def test_every_number_an_api_request_takes_is_bounded():
    """A request number without a range is a column waiting to overflow: each
    number of every request body and query says how large it may be (a
    schema built with core.api.number_for / Count)."""
    from antq.api.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    unbounded = []

    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    walk(components[name], name)
                return
            if node.get("type") in ("number", "integer"):
                bounded = ("maximum" in node or "exclusiveMaximum" in node) and (
                    "minimum" in node or "exclusiveMinimum" in node
                )
                if not bounded:
                    unbounded.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            seen: set[str] = set()
            walk(operation.get("requestBody", {}), f"{method.upper()} {path}")
            walk(operation.get("parameters", []), f"{method.upper()} {path}")
    assert unbounded == []


def test_the_page_form_refuses_it_the_same_way(client, personas, draft):
    client.force_login(personas.officer_a)
    answer = _number_answer(draft)
    url = f"/danh-gia/{draft.campaign_id}/don-vi/{draft.unit_id}/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    field = next(name for name in form.fields if name.startswith("number_"))
    data = {name: "" for name in form.fields} | {
        field: "1.000.000.000.000",
        "version": str(draft.version),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chữ số" in response.content.decode()
    answer.refresh_from_db()
    assert answer.number is None


@pytest.mark.skipif(
    "postgresql" in str(connection.settings_dict.get("ENGINE")),
    reason="PostgreSQL enforces numeric(12,2): such a row cannot exist there",
)
def test_check_data_reports_then_repairs_a_value_stored_out_of_range(client, personas, draft):
    answer = _number_answer(draft)
    with connection.cursor() as cursor:  # what SQLite let through before the schema checked it
        cursor.execute("UPDATE assessments_answer SET number = 1e30 WHERE id = %s", [answer.pk])

    report = StringIO()
    call_command("check_data", stdout=report)
    assert f"assessments.answer #{answer.pk} number" in report.getvalue()
    assert Answer.objects.filter(pk=answer.pk).values_list("id", flat=True).get() == answer.pk

    call_command("check_data", repair=True, stdout=StringIO())
    answer.refresh_from_db()
    assert answer.number is None
    entry = AuditEntry.objects.get(object_type="assessments.answer", object_id=str(answer.pk))
    assert entry.before == {"number": "1e+30"} and entry.after == {"number": None}
    client.force_login(personas.officer_a)
    assert client.get(f"/api/v1/assessments/{draft.pk}").status_code == 200
    clean = StringIO()
    call_command("check_data", stdout=clean)
    assert "0 " in clean.getvalue()


def test_a_write_whose_answer_fails_is_rolled_back_whole(client, personas, draft, monkeypatch):
    """All or nothing: whatever breaks after a service wrote (here, building
    the answer) leaves a 500 that wrote nothing, not a 500 that stored."""
    client.force_login(personas.officer_a)
    answer = _number_answer(draft)
    trail = AuditEntry.objects.count()

    from antq.assessments import api

    real, calls = api.assessment_detail, []

    def broken(assessment):  # reads fine before the write, breaks after it
        calls.append(assessment)
        if len(calls) > 1:
            raise RuntimeError("the answer could not be built")
        return real(assessment)

    monkeypatch.setattr(api, "assessment_detail", broken)
    client.raise_request_exception = False
    response = _put(client, draft, {answer.criterion.code: {"number": 7}})
    assert response.status_code == 500
    answer.refresh_from_db()
    assert answer.number is None
    assert AuditEntry.objects.count() == trail
