"""A commune officer fills a monthly report with one invalid value, reads the
message, fixes it and submits; the province approves; the dashboard shows it."""

import pytest
from playwright.sync_api import expect

from antq.indicators.services import catalogue_load
from tests.browser.test_units_flow import sign_in


def htmx_settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


@pytest.mark.django_db(transaction=True)
def test_monthly_report_from_entry_to_dashboard(page, live_server, personas, tree, shot):
    catalogue_load()
    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/202610/")
    expect(page.locator("h1")).to_contain_text("Báo cáo tháng")
    page.fill("input[name=v__TT_BUOI]", "6")
    page.fill("input[name=v__TT_LUOT]", "1.480")
    page.fill("input[name=v__NT_TIN_BAO]", "3")
    page.fill("input[name=v__TP_SO_VU__trom_cap]", "2")
    page.fill("input[name=v__TNGT_SO_VU]", "1")
    page.fill("input[name=v__TP_KHAM_PHA]", "5")
    page.locator("input[name=v__TP_KHAM_PHA]").dispatch_event("change")
    expect(page.locator("#problems")).to_contain_text(
        "Số vụ khám phá không được lớn hơn số vụ phạm tội."
    )
    shot("1-invalid")
    page.fill("input[name=v__TP_KHAM_PHA]", "2")
    page.locator("input[name=v__TP_KHAM_PHA]").dispatch_event("change")
    expect(page.locator("#problems")).to_contain_text("Số liệu hợp lệ.")
    htmx_settled(page)  # no check request still in flight when the form is sent
    page.click("button[name=submit]")
    expect(page.locator("#submission-status")).to_have_text("Đã nộp")
    shot("2-submitted")
    page.click("text=Đăng xuất")

    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/thong-ke/duyet/")
    page.click("tr:has-text('Phường Hạ Long') >> text=Xem và duyệt")
    page.click("button:has-text('Duyệt')")
    expect(page.locator("#submission-status")).to_have_text("Đã duyệt")
    shot("3-approved")

    page.goto(f"{live_server.url}/bang-dieu-khien/?period=202610&indicator=TT_LUOT")
    expect(page.locator("#kpis")).to_contain_text("1.480")
    expect(page.locator("#by-unit")).to_contain_text("Phường Hạ Long")
    page.wait_for_selector("[data-drawn='1']", timeout=60_000)
    shot("4-dashboard")


@pytest.mark.django_db(transaction=True)
def test_a_large_import_shows_its_progress_then_the_summary(
    page, live_server, personas, tree, shot, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    catalogue_load()
    lines = ["dataelement,period,orgunit,value"]
    for year in range(2026, 2027):
        for month in range(1, 13):
            lines.append(f"TT_BUOI,{year}{month:02d},06688,{month}")
            lines.append(f"TT_LUOT,{year}{month:02d},06688,{month * 50}")
    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/thong-ke/nhap-tep/")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "nam-2026.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}
        ],
    )
    page.click("text=Kiểm tra và nhập")
    expect(page.locator("h1")).to_contain_text("Nhập số liệu từ nam-2026.csv")
    expect(page.locator("#import-summary")).to_contain_text("Thêm 24", timeout=30_000)
    shot("summary")
