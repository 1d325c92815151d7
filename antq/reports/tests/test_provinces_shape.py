"""A year-end report that reads like the provinces' own (issue 23, item 3):
I. Đặc điểm tình hình; II. Kết quả, per area, with its figures and a
commentary slot; III. Đánh giá chung with ưu điểm, hạn chế, nguyên nhân and
bài học kinh nghiệm; IV. tasks, numbered; V. Đề xuất, kiến nghị. A six-month
report leaves out what has no meaning mid-year; rates read to one decimal;
the results page of a year without decisions says "chưa có quyết định"."""

import json

from django.urls import reverse

from antq.assessments.models import Campaign
from antq.assessments.services.campaigns import campaign_defaults
from antq.indicators.services import catalogue_load
from antq.indicators.tests.conftest import put_approved
from antq.reports.models import ReportTemplate
from antq.reports.services import report_create

YEAR_ONLY = {"Xếp loại phong trào", "Ngày hội Toàn dân bảo vệ an ninh Tổ quốc (19/8)",
             "Công tác thi đua, khen thưởng"}  # fmt: skip


def test_the_default_template_is_in_the_provinces_shape(db):
    sections = list(ReportTemplate.objects.get(is_default=True).sections.all())
    top = [(s.number, s.heading) for s in sections if s.level == 1]
    assert [n for n, _h in top] == ["I", "II", "III", "IV", "V"]
    assert top[-1][1] == "Đề xuất, kiến nghị"
    areas = [s for s in sections if s.level == 2]
    # every area of II has a commentary slot beside its figures
    assert all(s.placeholder.startswith("[") for s in areas), [
        s.heading for s in areas if not s.placeholder
    ]
    general = next(s for s in sections if s.number == "III").placeholder
    for part in ("Ưu điểm", "Hạn chế", "Nguyên nhân", "Bài học kinh nghiệm"):
        assert f"**{part}:**" in general
    tasks = next(s for s in sections if s.number == "IV").placeholder
    assert tasks.startswith("1. [") and "\n2. [" in tasks
    assert {s.heading for s in sections if s.year_only} == YEAR_ONLY


def test_a_six_month_report_leaves_out_the_year_only_sections(personas, tree):
    catalogue_load()
    half = report_create(by=personas.province_approver, unit=tree.province, period="2026S1")
    headings = {s["heading"] for s in half.figures["sections"]}
    assert not headings & YEAR_ONLY
    assert not {s.key for s in half.template.sections.all() if s.year_only} & set(half.narrative)
    year = report_create(by=personas.province_approver, unit=tree.province, period="2026")
    assert {s["heading"] for s in year.figures["sections"]} >= YEAR_ONLY
    assert "s14" in year.narrative  # V. Đề xuất, kiến nghị, to write


def test_the_report_never_says_cung_ky_khong_co_nor_a_fall_of_100_and_rates_one_decimal(
    personas, tree
):
    catalogue_load()
    # crimes: 3 of 7 solved in 2026 (42,857… %); none in 2025: no share of nothing
    put_approved(tree.commune_a, "202603", TP_SO_VU=7, TP_KHAM_PHA=3, TNGT_SO_VU=0)
    put_approved(tree.commune_a, "202503", TNGT_SO_VU=4, TP_SO_VU=0, TP_KHAM_PHA=0)
    report = report_create(by=personas.province_approver, unit=tree.province, period="2026")
    text = json.dumps(report.figures, ensure_ascii=False)
    assert "cùng kỳ không có" not in text and "giảm 100" not in text
    lines = {line["code"]: line for s in report.figures["sections"] for line in s["lines"]}
    assert lines["TP_SO_VU"]["sentence"] == (
        "Xảy ra 7 vụ phạm tội về trật tự xã hội (cùng kỳ năm trước: 0 vụ)"
    )
    assert lines["TNGT_SO_VU"]["sentence"] == (
        "Xảy ra 0 vụ tai nạn giao thông (cùng kỳ năm trước: 4 vụ)"
    )
    assert lines["TP_TY_LE_KHAM_PHA"]["sentence"].startswith("Tỷ lệ điều tra, khám phá đạt 42,9 %")


def test_the_results_page_of_a_year_without_decisions_says_so(client, personas, tree):
    Campaign.objects.create(province=tree.province, year=2027, **campaign_defaults(2027))
    client.force_login(personas.province_approver)
    page = client.get(reverse("assessments:results"), {"year": 2027}).content.decode()
    assert "chưa có quyết định" in page
    assert "điểm %" not in page
