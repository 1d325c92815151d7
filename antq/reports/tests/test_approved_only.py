"""Figures you can sign (issue 23, items 1 and 2): the dashboard, the home
page, the public page and the reports count approved data only, say how many
reports were approved beside the period's figures, and open on the last month
whose reports are due; one number per concept: where the monthly form
collects a statistic, the report states the approved statistic and says its
source, and the dashboard shows one card per concept."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from antq.core.periods import parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, values_save
from antq.indicators.tests.conftest import put_approved
from antq.reports.services import report_create


@pytest.fixture
def form(db):
    catalogue_load()
    return ReportForm.objects.get(code="BC-THANG-XA")


def _draft(form, personas, tree, **values):
    """Phường Bãi Cháy's October, typed and saved, never submitted."""
    return values_save(
        by=personas.officer_b,
        form=form,
        unit=tree.commune_b,
        period=parse("202610"),
        values={code: {"": Decimal(v)} for code, v in values.items()},
    )


def _kpi(page: str, name: str) -> str:
    card = re.search(rf'<div class="name">{name}</div>\s*<div class="value">([^<]*)<', page)
    return card.group(1).strip()


def test_a_draft_never_moves_the_dashboard_the_home_page_or_the_report(
    client, personas, tree, form
):
    put_approved(tree.commune_a, "202610", TT_LUOT=500, TT_BUOI=8)
    client.force_login(personas.province_approver)
    before = client.get(reverse("reports:dashboard")).content.decode()
    assert _draft(form, personas, tree, TT_LUOT=1480, TT_BUOI=40).status == "draft"
    # on 02/12/2026 November's reports are not due yet: October is shown
    page = client.get(reverse("reports:dashboard")).content.decode()
    # the dashboard before and after a commune's draft: every card reads the same
    cards = re.compile(r'<section class="kpis" id="kpis">.*?</section>', re.S)
    assert cards.search(page).group(0) == cards.search(before).group(0)
    assert "Bảng điều khiển: Tỉnh Quảng Ninh — Tháng 10/2026" in page
    assert _kpi(page, "Lượt người dự tuyên truyền") == "500"
    assert "1/2 báo cáo của Tháng 10/2026 đã được duyệt" in page
    home = client.get(reverse("home")).content.decode()
    assert "Số liệu chính: Tỉnh Quảng Ninh, Tháng 10/2026" in home
    assert "1.480" not in home and "1.980" not in home
    assert "1/2 báo cáo đã được duyệt" in home
    figures = report_create(by=personas.province_approver, unit=tree.province, period="2026")
    lines = {line["code"]: line for s in figures.figures["sections"] for line in s["lines"]}
    assert lines["TT_BUOI"]["current"] == "8"
    # submitted is not approved either
    Submission.objects.filter(unit=tree.commune_b).update(status="submitted")
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert _kpi(page, "Lượt người dự tuyên truyền") == "500"
    Submission.objects.filter(unit=tree.commune_b).update(status="approved")
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert _kpi(page, "Lượt người dự tuyên truyền") == "1.980"
    assert "2/2 báo cáo của Tháng 10/2026 đã được duyệt" in page


def test_the_report_states_the_approved_outreach_statistic_and_says_its_source(
    personas, tree, form
):
    from antq.activities.models import ActivityKind
    from antq.activities.services import ActivityInput, activity_create

    for day in (3, 10, 17):  # three sessions logged one by one
        activity_create(
            by=personas.officer_a,
            data=ActivityInput(
                unit=tree.commune_a,
                kind=ActivityKind.objects.get(code="tuyen_truyen"),
                title="Tuyên truyền phòng, chống lừa đảo qua mạng",
                date=date(2026, 10, day),
            ),
        )
    put_approved(tree.commune_a, "202610", TT_BUOI=141)  # the approved monthly statistic
    report = report_create(by=personas.province_approver, unit=tree.province, period="2026")
    outreach = next(s for s in report.figures["sections"] if s["number"] == "2")
    first = outreach["lines"][0]
    assert (first["code"], first["current"], first["source"]) == ("TT_BUOI", "141", "statistic")
    assert first["sentence"].startswith("Tổ chức 141 buổi tuyên truyền")
    assert not any(line["code"] == "HD_TUYEN_TRUYEN" for line in outreach["lines"])
    assert "báo cáo tháng đã được duyệt (1/" in report.figures["note"]


def test_the_dashboard_shows_one_card_per_concept_with_the_count_beside_it(
    client, personas, tree, form
):
    put_approved(tree.commune_a, "202610", LL_SO_TO=3, MH_SO_MO_HINH=2)
    client.force_login(personas.province_approver)
    page = client.get(reverse("reports:dashboard"), {"period": "202610"}).content.decode()
    assert _kpi(page, "Số Tổ bảo vệ an ninh, trật tự") == "3"
    # the teams counted from their register: beside the statistic, labelled, not a second card
    assert '<div class="name">Tổ bảo vệ ANTT đang hoạt động (theo danh sách tổ)</div>' not in page
    assert "Tổ bảo vệ ANTT đang hoạt động (theo danh sách tổ):" in page
    assert "đếm từ dữ liệu ghi nhận trong hệ thống" in page
    assert '<div class="name">Mô hình tự quản đang áp dụng (theo danh sách)</div>' not in page


def test_figures_waiting_for_approval_count_only_when_asked_and_marked_and_drafts_never(
    client, auth, personas, tree, form
):
    put_approved(tree.commune_a, "202610", TT_LUOT=500)
    draft = _draft(form, personas, tree, TT_LUOT=1480)
    client.force_login(personas.province_approver)
    dashboard = reverse("reports:dashboard")
    api = "/api/v1/statistics/rollup?indicator=TT_LUOT&period=202610&unit=22&by_child=false"
    headers = auth(personas.province_approver)

    # asked for, a draft still counts nowhere
    page = client.get(dashboard + "?submitted=1").content.decode()
    assert _kpi(page, "Lượt người dự tuyên truyền") == "500"
    assert "tính thêm 0 báo cáo đã nộp đang chờ duyệt (không tính bản nháp)" in page
    answer = client.get(api + "&include_submitted=true", **headers).json()
    assert answer["rows"][0]["value"] == "500.00" and answer["includes_submitted"] is True

    Submission.objects.filter(pk=draft.pk).update(status="submitted")
    # by default: approved data only, nothing marked
    page = client.get(dashboard).content.decode()
    assert _kpi(page, "Lượt người dự tuyên truyền") == "500"
    assert "unapproved-mark" not in page and 'id="unapproved-note"' not in page
    answer = client.get(api, **headers).json()
    assert answer["rows"][0]["value"] == "500.00" and answer["includes_submitted"] is False
    # asked for: the submitted report counts, and the page says so on every figure
    page = client.get(dashboard + "?submitted=1").content.decode()
    assert _kpi(page, "Lượt người dự tuyên truyền") == "1.980"
    assert "Đang tính cả số liệu chưa được duyệt: 1/2 báo cáo của Tháng 10/2026" in page
    assert "tính thêm 1 báo cáo đã nộp đang chờ duyệt (không tính bản nháp)" in page
    assert page.count("Gồm số liệu chưa duyệt") >= 1
    assert 'name="submitted" value="1" checked' in page
    answer = client.get(api + "&include_submitted=true", **headers).json()
    assert answer["rows"][0]["value"] == "1980.00" and answer["includes_submitted"] is True
    # the spreadsheet of the same page carries the mark too
    from python_calamine import CalamineWorkbook

    xlsx = client.get(dashboard + "?submitted=1&export=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    text = " ".join(str(cell) for row in sheet.to_python() for cell in row)
    assert "GỒM SỐ LIỆU CHƯA DUYỆT" in text
