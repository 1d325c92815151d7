"""The year's cycle in the browser: a residential area's officer self-assesses,
the commune officer returns it, it is fixed and resubmitted, proposed,
recognized by a decision, and the DOCX is downloaded and read."""

import pytest
from docx import Document
from playwright.sync_api import expect

from antq.accounts.models import Role
from antq.assessments.services.campaigns import campaign_open
from conftest import make_user
from tests.browser.conftest import follow
from tests.browser.test_units_flow import sign_in


def sign_out(page):
    page.click("text=Đăng xuất")
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def open_campaign(page, live_server, campaign):
    page.goto(f"{live_server.url}/danh-gia/{campaign.pk}/")


@pytest.mark.django_db(transaction=True)
def test_self_assess_return_resubmit_recognize_and_download_the_decision(
    page, live_server, personas, tree, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    make_user("kdc.dongtam", Role.DATA_ENTRY, tree.area_a, full_name="Lê Văn Khu")

    # 1. The residential area's officer fills the self-assessment and submits it.
    sign_in(page, live_server, "kdc.dongtam")
    follow(page, "nav.mainnav >> text=An toàn ANTT")
    page.click("text=2026")
    page.click("tr:has-text('Khu phố Đồng Tâm') >> text=Tự đánh giá")
    for select in page.locator("table.criteria select").all():
        select.select_option("1")
    page.locator("table.criteria input[name^=number_]").fill("100")
    page.fill("#id_meeting_date", "25/10/2026")
    page.fill("#id_meeting_chair", "Trưởng khu phố Đồng Tâm")
    shot("1-filled")
    page.click("button[name=submit]")
    expect(page.locator("#assessment-status")).to_have_text("Đã nộp, chờ xét duyệt")
    shot("2-submitted")
    sign_out(page)

    # 2. The commune officer reads it and returns it with a comment.
    sign_in(page, live_server, "xa.a")
    open_campaign(page, live_server, campaign)
    page.click("text=Xét duyệt")
    page.click("table.grid >> text=Khu phố Đồng Tâm")
    page.fill("#return-reason", "Bổ sung thành phần dự họp có đại diện Mặt trận.")
    page.click("text=Trả lại để bổ sung")
    expect(page.locator("#assessment-status")).to_have_text("Bị trả lại để bổ sung")
    shot("3-returned")
    sign_out(page)

    # 3. The area officer reads the comment, fixes and resubmits.
    sign_in(page, live_server, "kdc.dongtam")
    open_campaign(page, live_server, campaign)
    page.click("tr:has-text('Khu phố Đồng Tâm') >> text=Mở hồ sơ")
    expect(page.locator("#review-note")).to_contain_text("đại diện Mặt trận")
    page.fill("#id_meeting_attendees", "Chi bộ, Ban công tác Mặt trận, Tổ bảo vệ ANTT")
    page.click("button[name=submit]")
    expect(page.locator("#assessment-status")).to_have_text("Đã nộp, chờ xét duyệt")
    sign_out(page)

    # 4. The commune officer proposes it, drafts the decision and issues it.
    sign_in(page, live_server, "xa.a")
    open_campaign(page, live_server, campaign)
    page.click("text=Xét duyệt")
    page.check("input[name=assessment]")
    page.click("text=Đề nghị công nhận các hồ sơ đã chọn")
    expect(page.locator(".messages")).to_contain_text("Đã đề nghị công nhận 1 đơn vị")
    open_campaign(page, live_server, campaign)
    page.click("text=Quyết định công nhận")
    page.fill("#id_number", "12")
    page.fill("#id_date", "2026-12-01")  # the browser's date picker (ISO); not after today
    page.fill("#id_place", "Hạ Long")
    page.fill("#id_signer_name", "Nguyễn Văn Chủ")
    shot("4-decision-form")
    page.click("text=Lập dự thảo")
    expect(page.locator("#decision-units")).to_contain_text("Khu phố Đồng Tâm")
    # The files are made by a job; when it is done its page opens the register's document.
    page.click("button[name=issue]")
    expect(page.locator("#document-status")).to_have_text("Đã ban hành", timeout=30_000)
    expect(page.locator("h1")).to_contain_text("Quyết định số 12/QĐ-UBND")
    shot("5-issued")
    with page.expect_download() as download_info:
        page.click("#document-files >> text=Văn bản (DOCX)")
    docx = Document(str(download_info.value.path()))

    header = docx.tables[0].rows[0].cells
    # the register's template writes each line of the issuing body as a paragraph
    assert [p.text for p in header[0].paragraphs][:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẠ LONG"]
    assert "Số: 12/QĐ-UBND" in [p.text for p in header[0].paragraphs]
    assert "Hạ Long, ngày 01 tháng 12 năm 2026" in [p.text for p in header[1].paragraphs]
    annex = docx.tables[-1]
    assert [row.cells[1].text for row in annex.rows[1:]] == ["Khu phố Đồng Tâm"]

    page.goto(f"{live_server.url}/danh-gia/ket-qua/?unit={tree.commune_a.pk}&year=2026")
    expect(page.locator("#results-summary")).to_contain_text("1 (100,0%)")
    shot("6-results")
