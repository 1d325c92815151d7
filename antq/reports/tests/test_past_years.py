"""Reports of past years tell the truth: completeness counts only the units
that existed and only the months the form was in use, so the 2021 report of
a province that adopted antq in 2024 says "chưa có dữ liệu", never
"Phải gửi 2.052, đã gửi 0, 0 %"; a year without data is never 0 % nor
"giảm 100 %"."""

import importlib
import json
from datetime import date

from django.apps import apps

from antq.core.periods import between, parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.selectors import completeness, reporting_totals, units_not_submitted
from antq.indicators.services import catalogue_load


def monthly_form(in_use_from=None) -> ReportForm:
    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    form.in_use_from = in_use_from
    form.save()
    return form


def test_the_2021_report_of_a_province_that_adopted_antq_in_2024_says_no_data(
    tree, personas, client, auth
):
    form = monthly_form()
    Submission.objects.create(
        form=form, unit=tree.commune_a, period="202401", period_start=date(2024, 1, 1)
    )
    # without a start date every month of 2021 expects the communes of then
    assert reporting_totals(form, tree.province, parse("2021"))["expected"] == 12
    # the migration gives an existing form the month of its first report
    migration = importlib.import_module("antq.indicators.migrations.0008_form_in_use_from")
    migration.first_reported(apps, None)
    form.refresh_from_db()
    assert form.in_use_from == date(2024, 1, 1)

    made = client.post(
        "/api/v1/reports",
        {"unit": "22", "period": "2021"},
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert made.status_code == 201, made.json()
    table = next(
        s["table"] for s in made.json()["sections"] if s["key"] == "s11"
    )  # II.9, with the completeness table
    assert table["title"] == "Tình hình gửi báo cáo thống kê năm 2021"
    assert table["rows"][1] == [form.name, "", "", "chưa có dữ liệu", ""]
    text = json.dumps(made.json(), ensure_ascii=False)
    assert "0 %" not in text and "giảm 100" not in text
    # the note says the form was not in use, never "0/0 báo cáo … đã được duyệt"
    assert "Năm 2021 chưa áp dụng báo cáo thống kê tháng" in text and "0/0" not in text
    lines = {line["code"]: line for s in made.json()["sections"] for line in s["lines"]}
    for code in ("TT_BUOI", "HD_HOI_NGHI", "KT_KHEN_THUONG", "TP_SO_VU"):
        assert lines[code]["current"] is None
        assert lines[code]["sentence"].endswith("chưa có dữ liệu")
    client.force_login(personas.province_approver)
    page = client.get(f"/bao-cao/{made.json()['id']}/").content.decode()
    assert "chưa có dữ liệu" in page and "2.052" not in page


def test_a_year_the_form_came_into_use_expects_only_its_months_and_the_units_that_existed(
    tree, personas
):
    form = monthly_form(in_use_from=date(2025, 3, 1))
    # March–June: Phường Bạch Đằng (closed 30/06/2025); July–December: today's two
    assert reporting_totals(form, tree.province, parse("2025")) == {
        "expected": 4 + 2 * 6,
        "submitted": 0,
        "approved": 0,
        "in_use": 10,
    }
    matrix = completeness(
        form=form,
        root=tree.province,
        periods=between(parse("202502"), parse("202503")),
        today=date(2025, 5, 1),
    )
    cells = {unit.name: row for unit, row in matrix.rows}
    assert cells["Phường Bạch Đằng"] == ["not_expected", "missing"]
    assert not units_not_submitted(form, parse("202502")).exists()


def test_a_year_with_data_and_a_year_without_are_never_compared_as_a_fall_of_100(tree, personas):
    from antq.activities.models import ActivityKind
    from antq.activities.services import ActivityInput, activity_create
    from antq.reports.services import report_create

    monthly_form()
    activity_create(
        by=personas.province_approver,
        data=ActivityInput(
            unit=tree.old_commune,
            kind=ActivityKind.objects.get(code="sinh_hoat_chuyen_de"),
            title="Sinh hoạt chuyên đề phòng, chống tội phạm",
            date=date(2021, 5, 10),
        ),
    )
    figures = report_create(
        by=personas.province_approver, unit=tree.province, period="2022"
    ).figures
    lines = {line["code"]: line for s in figures["sections"] for line in s["lines"]}
    # 2022 holds no activity: no data, not "0, giảm 100 % so với cùng kỳ"
    assert lines["HD_CHUYEN_DE"]["sentence"].endswith(": chưa có dữ liệu")
    assert "giảm 100" not in json.dumps(figures, ensure_ascii=False)
