"""Figures you can sign (issue 23, items 1 and 2), in the browser: the
province's dashboard opens on the last month whose reports are due, says how
many reports are approved, and a commune's unsubmitted draft of 1.480 does
not move it; teams and models show one card each, the register's count
beside the statistic. Asked for, reports waiting for approval count too,
marked; a breakdown adds up as it is typed."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from antq.core.periods import parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, values_save
from antq.indicators.tests.conftest import put_approved
from tests.browser.test_units_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_a_draft_does_not_move_the_dashboard(page, live_server, personas, tree, shot):
    catalogue_load()
    put_approved(tree.commune_a, "202610", TT_LUOT=500, TT_BUOI=8, LL_SO_TO=3)
    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/bang-dieu-khien/")
    expect(page.locator("h1")).to_have_text("Bảng điều khiển: Tỉnh Quảng Ninh — Tháng 10/2026")
    expect(page.locator("#approved-share")).to_contain_text(
        "1/2 báo cáo của Tháng 10/2026 đã được duyệt"
    )
    card = page.locator(".kpi", has_text="Lượt người dự tuyên truyền")
    expect(card.locator(".value")).to_contain_text("500")
    teams = page.locator(".kpi", has_text="Số Tổ bảo vệ an ninh, trật tự")
    expect(teams.locator(".source.counted")).to_contain_text("theo danh sách tổ")
    expect(page.locator(".kpi .name", has_text="theo danh sách tổ")).to_have_count(0)
    shot("1-before-draft")

    draft = values_save(  # Phường Bãi Cháy types 1.480 and saves, never submits
        by=personas.officer_b,
        form=ReportForm.objects.get(code="BC-THANG-XA"),
        unit=tree.commune_b,
        period=parse("202610"),
        values={"TT_LUOT": {"": Decimal(1480)}},
    )
    assert draft.status == "draft"
    page.reload()
    expect(card.locator(".value")).to_contain_text("500")
    expect(page.locator("#kpis")).not_to_contain_text("1.980")
    expect(page.locator("#approved-share")).to_contain_text("1/2")
    shot("2-after-draft")
    # asked for, figures waiting for approval count, marked; a draft never
    follow_toggle = page.locator("#include-submitted input")
    follow_toggle.check()
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#unapproved-note")).to_contain_text("tính thêm 0 báo cáo đã nộp")
    expect(card.locator(".value")).to_contain_text("500")
    Submission.objects.filter(pk=draft.pk).update(status="submitted")
    page.reload()
    expect(card.locator(".value")).to_contain_text("1.980")
    expect(card.locator(".unapproved-mark")).to_have_text("Gồm số liệu chưa duyệt")
    expect(page.locator("#unapproved-note")).to_contain_text("tính thêm 1 báo cáo đã nộp")
    shot("3-submitted-asked-for-and-marked")


@pytest.mark.django_db(transaction=True)
def test_a_breakdown_adds_up_as_it_is_typed(page, live_server, personas, tree, shot):
    catalogue_load()
    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/202610/")
    cell = page.locator("td[data-breakdown]").first
    inputs = cell.locator("input")
    inputs.nth(0).fill("1.000")
    inputs.nth(1).fill("480")
    expect(cell.locator("[data-breakdown-total]")).to_have_text("1.480")
    inputs.nth(2).fill("2")
    expect(cell.locator("[data-breakdown-total]")).to_have_text("1.482")
    shot("1-breakdown-total")
