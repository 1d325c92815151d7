"""No page answers 500 to a garbage query string: bad input gets a clear answer
(a form error, a 404) and changes nothing."""

import json

import pytest
from django.urls import reverse

GARBAGE = {
    "q": "'; DROP TABLE--",
    "year": "abc",
    "page": "x",
    "unit": "abc",
    "period": "2026Q9",
    "first": "zz",
    "last": "202699",
    "form": "KHONG_CO",
    "indicator": "KHONG_CO",
    "view": "???",
    "type": "village",
    "closed": "maybe",
    "since": "31/02/2026",
    "export": "pdf",
    "chart": "pie",
}

PAGES = [
    "home",
    "units:unit-tree",
    "units:unit-search",
    "accounts:user-list",
    "audit:auditentry-list",
    "assessments:campaign-list",
    "assessments:results",
    "assessments:results-export",
    "assessments:criteria-list",
    "indicators:home",
    "indicators:approval-list",
    "indicators:completeness",
    "indicators:import",
    "reports:dashboard",
]


@pytest.mark.parametrize("name", PAGES)
def test_garbage_query_strings_never_answer_500(client, personas, name):
    from antq.indicators.services import catalogue_load

    catalogue_load()
    for persona in (personas.system_admin, personas.officer_a):
        client.force_login(persona)
        response = client.get(reverse(name), GARBAGE)
        assert response.status_code < 500, (name, persona)


API_GETS = [
    "/api/v1/units?as_of=abc&limit=x",
    "/api/v1/units/abc?as_of=31-02-2026",
    "/api/v1/statistics/rollup?indicator=TT_BUOI&period=abc",
    "/api/v1/statistics/rollup?indicator=KHONG&period=202607&unit=06688",
    "/api/v1/statistics/dataValueSets?dataSet=X&orgUnit=1&startPeriod=a&endPeriod=b",
    "/api/v1/statistics/submissions?form=X&period=abc",
    "/api/v1/assessments/results?unit=abc&year=abc",
    "/api/v1/assessments/999999",
    "/api/v1/assessments/campaigns/999/assessments",
]
API_POSTS = [
    "/api/v1/statistics/dataValueSets",
    "/api/v1/assessments/campaigns",
    "/api/v1/units",
    "/api/v1/assessments/1/return",
    "/api/v1/auth/token",
]


@pytest.mark.parametrize("url", API_GETS)
def test_api_answers_garbage_with_a_4xx_json_body(client, personas, url):
    from antq.indicators.services import catalogue_load

    catalogue_load()
    client.force_login(personas.officer_a)
    response = client.get(url)
    assert 400 <= response.status_code < 500 and "detail" in response.json(), url


@pytest.mark.parametrize("url", API_POSTS)
@pytest.mark.parametrize("body", ["not json at all", "[1, 2]", '{"dataValues": "x"}'])
def test_api_posts_of_garbage_change_nothing_and_answer_4xx(client, personas, url, body):
    from antq.audit.models import AuditEntry

    client.force_login(personas.officer_a)
    before = AuditEntry.objects.count()
    response = client.post(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500, (url, body, response.status_code)
    assert AuditEntry.objects.count() == before


def test_an_unexpected_failure_in_the_api_answers_json_not_an_html_page(
    client, personas, monkeypatch
):
    """Even a defect answers the client in JSON (500), and a busy database a 503 it
    can retry; the HTML error page is for browsers."""
    from django.db import OperationalError

    import antq.indicators.api as statistics_api

    client.force_login(personas.officer_a)
    url = "/api/v1/statistics/dataValueSets"
    row = {"dataElement": "TT_BUOI", "period": "202607", "orgUnit": "06688", "value": "1"}
    body = json.dumps({"dataValues": [row]})

    def broken(**kwargs):
        raise RuntimeError("defect")

    monkeypatch.setattr(statistics_api, "values_import", broken)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Lỗi hệ thống" in response.json()["detail"]

    def busy(**kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(statistics_api, "values_import", busy)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_api_validation_errors_are_in_vietnamese_with_the_field_kept_machine_readable(
    client, personas
):
    client.force_login(personas.officer_a)
    too_long = {"parent": "06688", "name": "x" * 100_000, "type": "residential_area"}
    response = client.post("/api/v1/units", too_long, content_type="application/json")
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e for e in response.json()["errors"]}
    assert errors[("body", "payload", "name")]["msg"] == "Dài quá 255 ký tự."
    assert errors[("body", "payload", "name")]["type"] == "string_too_long"
    assert errors[("body", "payload", "kind")]["msg"] == "Thiếu trường bắt buộc."

    english = client.post(
        "/api/v1/units", too_long, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    messages = [e["msg"] for e in english.json()["errors"]]
    assert "Field required." in messages or "Required field." in messages, messages
    assert all("ký tự" not in m for m in messages)


def test_an_api_url_no_route_matches_answers_json_and_a_page_answers_html(client, personas):
    client.force_login(personas.officer_a)
    api = client.get("/api/v1/assessments/not-a-number")
    assert api.status_code == 404
    assert api.json()["detail"] == "Không có địa chỉ API này: /api/v1/assessments/not-a-number"
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_an_unreadable_body_is_a_400_in_the_api_body(client, personas):
    client.force_login(personas.officer_a)
    response = client.post("/api/v1/units", b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Nội dung gửi lên không đọc được")


def test_ids_over_a_thousand_are_written_plainly_in_forms_and_links(client, personas, tree):
    """Vietnamese number formatting writes 1164 as "1.164"; an id in a form field
    or a link must stay 1164 (the nation has 14,138 units)."""
    from antq.indicators.services import catalogue_load
    from conftest import make_unit

    catalogue_load()
    unit = make_unit(parent=tree.commune_a, id=1164, code="06688-164", name="Khu phố Một Nghìn")
    client.force_login(personas.officer_a)
    for url in (
        f"/bang-dieu-khien/?unit={unit.pk}",
        f"/danh-gia/ket-qua/?unit={unit.pk}",
        f"/thong-ke/tinh-hinh-nop/?unit={unit.pk}",
    ):
        page = client.get(url).content.decode()
        assert 'name="unit" value="1164"' in page, url
        assert "1.164" not in page, url


def test_a_nul_character_is_refused_before_any_view(db, tree, personas, client, auth):
    """PostgreSQL refuses \\0 in text; antq refuses it first, in Vietnamese,
    whichever the way in (a page's query, the API's query or JSON body)."""
    from antq.plans.models import Committee

    client.force_login(personas.province_approver)
    page = client.get("/don-vi/tim-kiem/", {"q": "ha\x00long"})
    assert page.status_code == 400 and "ký tự NUL" in page.content.decode()
    headers = auth(personas.province_approver)
    query = client.get("/api/v1/units", {"q": "\x00"}, **headers)
    assert query.status_code == 422 and query.json()["errors"][0]["loc"] == ["query"]
    before = Committee.objects.count()
    body = client.post(
        "/api/v1/committees",
        '{"unit": "22", "name": "Ban\\u0000 Chỉ đạo", "decision_number": "1/QĐ", '
        '"decision_date": "2026-01-05"}',
        content_type="application/json",
        **headers,
    )
    assert body.status_code == 422 and body.json()["errors"][0]["loc"] == ["body"]
    assert Committee.objects.count() == before
