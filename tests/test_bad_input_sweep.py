"""Bad input that got through or broke something (issue 24, item 12): each one
now answers 4xx with a Vietnamese sentence and writes nothing."""

import io
import json

import pytest
import xlsxwriter
from django.test import Client

from antq.activities.models import Activity
from antq.audit.models import AuditEntry
from antq.awards.models import Nomination
from antq.reports.models import Report
from tests.test_url_matrix import ACTIVITY

LISTS = ["/api/v1/units", "/api/v1/teams", "/api/v1/models", "/api/v1/plans", "/api/v1/activities"]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _trail() -> int:
    return AuditEntry.objects.exclude(action=AuditEntry.Action.LOGIN_FAILED).count()


def _refused(response, status: int = 422) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    return body


@pytest.mark.parametrize("url", LISTS)
def test_an_offset_past_every_integer_is_a_422_not_a_500(world, url):
    client = _signed_in(world.personas.officer_a)
    body = _refused(client.get(url, {"offset": 2**63}))
    assert body["errors"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("url", ["/api/v1/statistics/dataValueSets", "/api/dataValueSets"])
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_a_body_nested_ten_thousand_levels_deep_is_refused(world, url, opening):
    client = _signed_in(world.personas.officer_a)
    closing = "]" if opening == "[" else "}"
    body = opening * 10_000 + "1" + closing * 10_000
    trail = _trail()
    response = client.post(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert _trail() == trail


def _nominate(world, user, example: int) -> object:
    body = {
        "award_type": "giay_khen_chu_tich_xa",
        "recipient_kind": "collective",
        "unit": "06673-001",
        "achievement": "Tốt",
        "example": example,
    }
    url = f"/api/v1/awards/rounds/{world.award_round.pk}/nominations"
    return _signed_in(user).post(url, json.dumps(body), content_type="application/json")


def test_a_nomination_cannot_name_another_communes_exemplary_example(world):
    before, trail = Nomination.objects.count(), _trail()
    body = _refused(_nominate(world, world.personas.officer_b, world.example_a.pk))
    assert "điển hình" in body["detail"] + json.dumps(body["errors"], ensure_ascii=False)
    assert (Nomination.objects.count(), _trail()) == (before, trail)


def test_a_nomination_naming_an_example_that_does_not_exist_is_a_422_not_a_500(world):
    before, trail = Nomination.objects.count(), _trail()
    _refused(_nominate(world, world.personas.province_approver, 987_654))
    assert (Nomination.objects.count(), _trail()) == (before, trail)


def test_a_nomination_cannot_name_an_example_of_another_unit(world):
    """The province sees both communes, but A's example is not B's residential area."""
    before = Nomination.objects.count()
    body = _refused(_nominate(world, world.personas.province_approver, world.example_a.pk))
    assert "không phải đơn vị được đề nghị" in json.dumps(body, ensure_ascii=False)
    assert Nomination.objects.count() == before


@pytest.mark.parametrize("day", ["1900-01-01", "1999-12-31", "0", 0, "86400"])
def test_an_activity_dated_before_2000_or_by_a_number_is_refused(world, day):
    client = _signed_in(world.personas.officer_a)
    before, trail = Activity.objects.count(), _trail()
    body = _refused(
        client.post("/api/v1/activities", json.dumps(ACTIVITY | {"date": day}), "application/json")
    )
    assert body["errors"][0]["loc"][-1] == "date"
    assert (Activity.objects.count(), _trail()) == (before, trail)


def test_the_activity_page_refuses_1900_too(world):
    from antq.activities.models import ActivityKind

    client = _signed_in(world.personas.officer_a)
    before = Activity.objects.count()
    data = {
        "unit": world.tree.commune_a.pk,
        "kind": ActivityKind.objects.get(code="tuyen_truyen").pk,
        "title": "Tuyên truyền lưu động",
        "date": "01/01/1900",
        "attendance": "60",
        "client_key": "c0ffee" * 5,
    }
    response = client.post("/hoat-dong/them/", data)
    assert response.status_code == 200
    assert "quá sớm" in response.content.decode()
    assert Activity.objects.count() == before


def test_a_report_for_1999_is_refused(world):
    client = _signed_in(world.personas.officer_a)
    before, trail = Report.objects.count(), _trail()
    body = _refused(
        client.post(
            "/api/v1/reports",
            json.dumps({"unit": "06688", "period": "1999"}),
            content_type="application/json",
        )
    )
    assert "1999" in json.dumps(body, ensure_ascii=False)
    assert (Report.objects.count(), _trail()) == (before, trail)


def test_a_formula_cell_is_refused_though_the_file_keeps_its_computed_value():
    from antq.core.tabular import FORMULA_MESSAGE, TabularError, read_rows

    data = io.BytesIO()
    workbook = xlsxwriter.Workbook(data)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Tên", "Số"])
    sheet.write_row(1, 0, ["Khu phố 1", 5])
    sheet.write_formula(2, 1, '=HYPERLINK("http://x.example","5")', None, 5)
    workbook.close()
    data.seek(0)
    with pytest.raises(TabularError) as caught:
        read_rows(data, "danh-sach.xlsx")
    [error] = caught.value.errors
    assert str(error) == f"Dòng 3, cột B: {FORMULA_MESSAGE}"


def test_a_workbook_without_formulas_reads_as_before():
    from antq.core.tabular import read_rows

    data = io.BytesIO()
    workbook = xlsxwriter.Workbook(data)
    workbook.add_worksheet().write_row(0, 0, ["Tên", 5])
    workbook.close()
    data.seek(0)
    assert read_rows(data, "a.xlsx") == [["Tên", "5"]]


BEYOND = 2**63  # one past the largest row id either database keeps


@pytest.mark.parametrize(
    ("method", "url", "body", "where"),
    [
        ("get", f"/api/v1/activities/{BEYOND}", None, ["path", "pk"]),
        ("get", f"/api/v1/teams/{BEYOND}/members", None, ["path", "pk"]),
        (
            "delete",
            "/api/v1/activities/{activity}?version=" + str(BEYOND),
            None,
            ["query", "version"],
        ),
        ("post", "/api/v1/models/{model}/sites", {"origin": BEYOND}, ["body", "body", "origin"]),
        ("post", "/api/v1/reports/{report}/quote", {"source": BEYOND}, ["body", "body", "source"]),
        ("post", "/api/v1/awards/decisions", {"round": BEYOND}, ["body", "body", "round"]),
    ],
)
def test_an_id_past_every_row_is_a_422_naming_it_not_a_500(world, method, url, body, where):
    """A path, query or body id of 2**63 overflows a bigint on PostgreSQL: the
    schema's range (core.api.Id, Version) refuses it first."""
    client = _signed_in(world.personas.province_approver)
    url = url.format(
        activity=world.activity_a.pk, model=world.model_a.pk, report=world.report_province.pk
    )
    trail = _trail()
    kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
    response = _refused(getattr(client, method)(url, **kwargs))
    assert where in [error["loc"] for error in response["errors"]], response
    assert _trail() == trail
