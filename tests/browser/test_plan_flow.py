"""The province registers a plan with a recurring key task led by a commune;
the commune's officer reports progress on one occurrence; the overdue ones
stand out on the plan page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import pick_unit
from tests.browser.test_units_flow import sign_in

SAVE = "main form.form button[type=submit]"


@pytest.mark.django_db(transaction=True)
def test_plan_task_and_progress(page, live_server, personas, tree, shot):
    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/ke-hoach/them/")
    page.fill("#id_date", "2022-03-15")  # the picker offers the units of that day
    pick_unit(page, "unit", "quang ninh", "Tỉnh Quảng Ninh")
    page.fill("#id_number", "222")
    page.fill("#id_date", "2022-03-15")
    page.fill("#id_title", "Thực hiện phong trào giai đoạn 2022–2026")
    page.fill("#id_first_year", "2022")
    page.fill("#id_last_year", "2026")
    page.click(SAVE)
    expect(page.locator("h1")).to_have_text("Kế hoạch số 222/KH-UBND")
    form = page.locator("form[action$='/nhiem-vu/them/']")
    form.locator("#id_text").fill("Tổ chức Ngày hội Toàn dân bảo vệ ANTQ")
    # a 2022 plan is led by the units of 2022; today's successor (Phường Hạ Long) reports
    pick_unit(form, "lead", "bach dang", "Phường Bạch Đằng (đến 30/06/2025) — Thành phố Hạ Long")
    form.locator("#id_deadline").fill("2026-08-19")
    form.locator("#id_repeat").select_option(value="yearly")
    form.locator("button[type=submit]").click()
    expect(page.locator("#tasks")).to_contain_text("Hằng năm, trước ngày 19/8")
    expect(page.locator("#tasks .occurrences li")).to_have_count(5)
    expect(page.locator("#tasks .occurrences li.overdue")).to_have_count(
        5
    )  # today is past 19/8/2026
    shot("1-plan")
    page.click("text=Đăng xuất")

    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/ke-hoach/")
    expect(page.locator("#assigned tbody tr.overdue")).to_have_count(5)
    page.click("#assigned >> text=19/08/2023")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ 1, hạn 19/08/2023")
    page.select_option("#id_status", value="done")
    page.fill("#id_percent", "80")
    page.fill("#id_narrative", "Tổ chức tại 2 khu dân cư, 450 người dự.")
    page.click(SAVE)
    expect(page.locator(".has-error")).to_contain_text("Nhiệm vụ hoàn thành thì tỷ lệ là 100 %.")
    page.fill("#id_percent", "100")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban"}
        ],
    )
    page.click(SAVE)
    expect(page.locator(".messages")).to_contain_text("Đã lưu báo cáo tiến độ.")
    page.goto(f"{live_server.url}/ke-hoach/")
    expect(page.locator("#assigned tbody tr.overdue")).to_have_count(4)
    shot("2-assigned")
