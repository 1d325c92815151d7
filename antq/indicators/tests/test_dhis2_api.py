"""DHIS2's own paths, formats, authentication and answers (issue 26): each
test is one finding of the study, run as a DHIS2 client sends it."""

import base64
import json
from pathlib import Path

import pytest
from django.test import Client

from antq.accounts.models import LoginFailure
from antq.accounts.services import token_issue
from antq.indicators.models import DataValue, Submission
from antq.indicators.tests.conftest import put
from conftest import PASSWORD

EXAMPLES = Path(__file__).parent / "dhis2_examples"
A, B = "mYatoOgQjSD", "h6XlqEJegSF"  # communes A and B (UIDs)
TT_BUOI, TP_SO_VU = "TMGq00zsI6m", "zXvC4T3TGLy"
TROM_CAP, MA_TUY = "y2n8BvzHcTv", "eWXJYy4srgK"


def basic(user) -> dict:
    raw = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


@pytest.fixture
def dhis2(personas, monthly_form):
    """A DHIS2 client of commune A's officer: Basic auth, CSRF enforced."""
    client = Client(enforce_csrf_checks=True, **basic(personas.officer_a))
    return client


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def post(client, body: bytes, content_type: str, query: str = ""):
    return client.post(f"/api/dataValueSets{query}", body, content_type=content_type)


def values() -> set[tuple]:
    return set(
        DataValue.objects.values_list("indicator__code", "unit__code", "period", "option", "value")
    )


def test_dhis2_paths_answer_json_not_an_html_404(dhis2):
    info = dhis2.get("/api/system/info")
    assert info.status_code == 200 and info.json()["version"].startswith("2.")
    assert dhis2.get("/api/system/info.json").status_code == 200
    for path in ("/api/dataValueSets.json", "/api/40/dataValueSets", "/api/29/system/info"):
        answer = dhis2.get(path)
        assert answer["Content-Type"].startswith("application/json"), path


def test_http_basic_with_valid_credentials_is_not_refused_for_csrf(dhis2):
    answer = post(dhis2, example("bulk.csv"), "application/csv")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["response"]["importCount"]["imported"] == 3


def test_a_wrong_password_is_a_401_recorded_for_the_sign_in_throttle(
    personas, monthly_form, settings
):
    raw = base64.b64encode(b"xa.a:sai").decode()
    client = Client(HTTP_AUTHORIZATION=f"Basic {raw}")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert client.get("/api/system/info").status_code == 401
    assert LoginFailure.objects.filter(username="xa.a").count() == settings.LOGIN_MAX_FAILURES
    throttled = Client(**basic(personas.officer_a)).get("/api/system/info")
    assert throttled.status_code == 429


def test_an_account_that_must_use_two_factor_sign_in_must_use_a_token(
    personas, monthly_form, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    client = Client(**basic(personas.unit_admin))
    answer = client.get("/api/system/info")
    assert answer.status_code == 403 and "ApiToken" in answer.json()["message"]


def test_an_antq_token_is_accepted_as_a_dhis2_personal_access_token(personas, monthly_form):
    token = token_issue(user=personas.officer_a)
    client = Client(HTTP_AUTHORIZATION=f"ApiToken {token}", enforce_csrf_checks=True)
    assert client.get("/api/system/info").status_code == 200
    assert post(client, example("bulk.csv"), "application/csv").status_code == 200
    assert Client(HTTP_AUTHORIZATION="ApiToken sai").get("/api/system/info").status_code == 401


def test_a_browser_session_still_needs_its_csrf_token_to_write(personas, monthly_form):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_a)
    assert client.get("/api/system/info").status_code == 200
    assert post(client, example("set_level.json"), "application/json").status_code == 403
    assert not DataValue.objects.exists()


def test_set_level_data_set_period_and_org_unit_are_the_values_defaults(dhis2):
    body = post(dhis2, example("set_level.json"), "application/json").json()
    assert body["response"]["importCount"]["imported"] == 3
    assert {v[:3] for v in values()} == {
        ("TT_BUOI", "06688", "202607"),
        ("TT_LUOT", "06688", "202607"),
        ("NT_TIN_BAO", "06688", "202607"),
    }


def test_complete_date_submits_the_report_or_says_why_not(dhis2):
    body = post(dhis2, example("set_level.json"), "application/json").json()
    response = body["response"]
    assert response["dataSetComplete"] == "false"
    assert response["conflicts"][0]["errorCode"] == "ANTQ_COMPLETE"  # required values missing
    assert len(values()) == 3  # the values stay


def test_dxf2_xml_is_read_as_xml(dhis2):
    answer = post(dhis2, example("set_level.xml"), "application/xml")
    assert answer.json()["response"]["importCount"]["imported"] == 3
    assert ("TT_BUOI", "06688", "202607", "", 12) in values()


def test_adx_is_read_with_codes_and_its_breakdown(dhis2):
    answer = post(dhis2, example("group.adx"), "application/adx+xml")
    body = answer.json()
    assert body["response"]["importCount"]["imported"] == 6, body
    assert ("TP_SO_VU", "06688", "202607", "ma_tuy", 10) in values()


def test_an_unsupported_content_type_is_a_415(dhis2):
    answer = post(dhis2, b"dataElement;period", "text/plain")
    assert answer.status_code == 415 and answer.json()["httpStatusCode"] == 415


def test_xml_with_an_entity_is_refused_without_reading_it(dhis2):
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">'
        b'<dataValue dataElement="&x;"/></dataValueSet>'
    )
    answer = post(dhis2, evil, "application/xml")
    assert answer.status_code == 400 and "DTD" in answer.json()["message"]


def test_json_nested_too_deep_is_a_400_not_a_500(dhis2):
    answer = post(dhis2, b"[" * 100000 + b"]" * 100000, "application/json")
    assert answer.status_code == 400


def test_dhis2_csv_export_keeps_its_breakdowns(personas, monthly_form):
    client = Client(**basic(personas.province_approver))
    answer = post(client, example("export.csv"), "application/csv")
    assert answer.status_code == 200, answer.json()
    assert {v[1:] for v in values()} == {
        ("06688", "202607", "trom_cap", 7),
        ("06688", "202607", "ma_tuy", 10),
        ("06673", "202607", "ma_tuy", 9),
    }


def test_dhis2_csv_export_keeps_its_breakdowns_on_antqs_own_api_too(personas, monthly_form):
    client = Client()
    client.force_login(personas.province_approver)
    csv = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"
    csv += "TP_SO_VU,202607,06688,trom_cap,,5\nTP_SO_VU,202607,06688,ma_tuy,,2\n"
    answer = client.post("/api/v1/statistics/dataValueSets", csv, content_type="text/csv")
    assert answer.status_code == 200, answer.json()
    assert {v[3:] for v in values()} == {("trom_cap", 5), ("ma_tuy", 2)}


def test_the_answer_is_dhis2s_current_web_message(dhis2):
    body = post(dhis2, example("bulk.json"), "application/json", "?atomicMode=NONE").json()
    assert set(body) >= {"httpStatus", "httpStatusCode", "status", "message", "response"}
    response = body["response"]
    assert set(response) >= {
        "responseType", "status", "importOptions", "description", "importCount",
        "conflicts", "rejectedIndexes",
    }  # fmt: skip
    assert body["httpStatusCode"] == 409 and response["status"] == "WARNING"
    assert response["importCount"] == {"imported": 2, "updated": 0, "ignored": 2, "deleted": 0}
    assert response["rejectedIndexes"] == [1, 3]
    by_code = {c["errorCode"]: c for c in response["conflicts"]}
    assert by_code["E7617"]["indexes"] == [1] and by_code["E7617"]["property"] == "orgUnit"
    assert by_code["E7612"]["indexes"] == [3]


def test_messages_are_english_when_asked(dhis2):
    body = dhis2.post(
        "/api/dataValueSets",
        example("bulk.json"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert body["response"]["conflicts"][0]["value"].startswith("You may not")


def test_csv_columns_are_read_by_position_and_the_header_ignored(dhis2):
    answer = post(dhis2, example("bulk.csv"), "application/csv")
    assert answer.json()["response"]["importCount"]["imported"] == 3


def test_dry_run_on_the_dhis2_path_writes_nothing(dhis2):
    body = post(dhis2, example("bulk.csv"), "application/csv", "?dryRun=true").json()
    assert body["response"]["importCount"]["imported"] == 3
    assert body["response"]["importOptions"]["dryRun"] is True
    assert not DataValue.objects.exists()


def test_codes_are_read_with_id_scheme_code(dhis2):
    document = {
        "dataValues": [
            {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06688", "value": "4"}
        ]
    }
    answer = post(dhis2, json.dumps(document).encode(), "application/json", "?idScheme=CODE")
    assert answer.status_code == 200


def test_force_is_refused_to_who_may_not_reopen_reports(personas, monthly_form):
    viewer = Client(**basic(personas.viewer))
    answer = post(viewer, example("bulk.csv"), "application/csv", "?force=true")
    assert answer.status_code == 403


def test_force_reopens_an_approved_report_for_its_reviewer(personas, monthly_form, tree):
    from antq.core.actors import SYSTEM

    put(tree.commune_a, "202607", TT_BUOI=9)
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202607",
        period_start="2026-07-01",
        status=Submission.Status.APPROVED,
    )
    client = Client(**basic(personas.province_approver))
    refused = post(client, example("bulk.csv"), "application/csv")
    assert refused.json()["response"]["conflicts"][0]["errorCode"] == "E7642"
    answer = post(client, example("bulk.csv"), "application/csv", "?force=true")
    assert answer.status_code == 200, answer.json()
    assert Submission.objects.get(unit=tree.commune_a).status == Submission.Status.RETURNED
    assert SYSTEM  # the reopening is audited like a return


def test_async_import_is_a_job_with_dhis2s_task_endpoints(dhis2):
    started = post(dhis2, example("bulk.csv"), "application/csv", "?async=true").json()
    endpoint = started["response"]["relativeNotifierEndpoint"]
    assert endpoint.startswith("/api/system/tasks/DATAVALUE_IMPORT/")
    notes = dhis2.get(endpoint).json()
    assert notes[0]["completed"] is True
    summary = dhis2.get(endpoint.replace("/tasks/", "/taskSummaries/")).json()
    assert summary["importCount"]["imported"] == 3
