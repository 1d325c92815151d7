"""The province opens a round; a commune nominates a collective and an
individual, one refused with the reason shown; the council accepts; the
decision is issued and its DOCX downloaded and read."""

import pytest
from docx import Document
from playwright.sync_api import expect

from antq.awards.tests.test_rules import recognise
from tests.browser.conftest import pick_unit
from tests.browser.test_units_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_round_nominations_council_and_decision(page, live_server, personas, tree, shot):
    recognise(tree.commune_a, 2026)
    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/khen-thuong/")
    page.fill("#id_name", "Tổng kết phong trào năm 2026")
    page.fill("#id_deadline", "2026-12-10")
    page.click("main form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng kết phong trào năm 2026")
    round_url = page.url
    page.click("text=Đăng xuất")

    sign_in(page, live_server, "xa.a")
    page.goto(round_url)
    form = page.locator("#nominate")
    form.locator("#id_award_type").select_option(label="Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”")
    form.locator("#id_recipient_kind").select_option(value="individual")
    pick_unit(form, "unit", "dong tam", "Khu phố Đồng Tâm — Phường Hạ Long")
    form.locator("#id_person_name").fill("Lê Văn Tâm")
    form.locator("#id_years_of_service").fill("4")
    form.locator("#id_achievement").fill("Báo tin giúp bắt 2 đối tượng trộm cắp")
    form.locator("button[type=submit]").click()
    expect(page.locator(".has-error, .errors")).to_contain_text(
        "Lê Văn Tâm có 4 năm công tác; cần đủ 10 năm."
    )
    shot("1-refused")
    form = page.locator("#nominate")
    form.locator("#id_award_type").select_option(
        label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    )
    form.locator("#id_recipient_kind").select_option(value="collective")
    pick_unit(form, "unit", "phuong ha long", "Phường Hạ Long — Tỉnh Quảng Ninh")
    form.locator("#id_person_name").fill("")
    form.locator("#id_years_of_service").fill("")
    form.locator("#id_achievement").fill("Ba năm liền đạt “An toàn về ANTT”")
    form.locator("button[type=submit]").click()
    expect(page.locator("#nominations")).to_contain_text("Phường Hạ Long")
    page.click("text=Đăng xuất")

    sign_in(page, live_server, "tinh.duyet")
    page.goto(round_url)
    page.click("#nominations >> text=Nhất trí")
    expect(page.locator("#nominations")).to_contain_text("Hội đồng nhất trí")
    page.click("text=Ghi quyết định cho các đề nghị hội đồng đã nhất trí")
    decision = page.locator("form[action$='/quyet-dinh/']")
    decision.locator("#id_award_type").select_option(
        label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    )
    decision.locator("#id_number").fill("245")
    decision.locator("#id_date").fill("2026-11-20")
    decision.locator("#id_signer_name").fill("Nguyễn Văn Chủ")
    decision.locator("button[type=submit]").click()
    # The files are made by a job; when it is done its page opens the register's document.
    page.click("text=Ban hành quyết định")
    expect(page.locator("#document-status")).to_have_text("Đã ban hành", timeout=30_000)
    expect(page.locator("h1")).to_contain_text("Quyết định số 245/QĐ-UBND")
    shot("2-decision")
    with page.expect_download() as download:
        page.click("#document-files >> text=Văn bản (DOCX)")
    document = Document(str(download.value.path()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
    assert "Phường Hạ Long" in text and "245/QĐ-UBND" in text
