"""A clerk drafts a plan on the outgoing register, previews the draft (PDF
marked DỰ THẢO, numbered "…"), issues it, waits for the job that makes its
files, downloads the signed PDF and reads it back: the register's number, the
place line without "Tỉnh", the signer, and a PAdES signature pyHanko
verifies against the register entry."""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from antq.documents import signing
from antq.documents.tests.conftest import body_of
from tests.browser.conftest import follow, pick_unit
from tests.browser.test_units_flow import sign_in


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db(transaction=True)
def test_a_clerk_previews_issues_and_downloads_a_signed_plan(
    page, live_server, personas, tree, shot, settings, tmp_path
):
    settings.ANTQ_SIGNING_DIR = str(tmp_path / "signing")
    signing.make_test_certificate(body_of(tree.province))  # the demo's self-signed kind
    sign_in(page, live_server, "tinh.duyet")
    page.goto(f"{live_server.url}/ke-hoach/them/")
    page.wait_for_load_state("load")
    page.check("#id_on_register")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_title", "Thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2026")
    page.fill("#id_first_year", "2026")
    page.fill("#id_last_year", "2026")
    page.select_option("#id_kind", value="annual")
    page.fill("#id_purpose", "Nâng cao chất lượng phong trào ở khu dân cư.")
    page.click("main form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Dự thảo kế hoạch")
    # a plan is its key tasks: one added on the draft's page before it is issued
    page.wait_for_load_state("load")
    form = page.locator("form[action$='/nhiem-vu/them/']")
    form.locator("#id_text").fill("Tổ chức Ngày hội Toàn dân bảo vệ ANTQ")
    pick_unit(form, "lead", "quang ninh", "Tỉnh Quảng Ninh")
    form.locator("#id_deadline").fill("2026-08-19")
    form.locator("button[type=submit]").click()
    expect(page.locator("#tasks")).to_contain_text("Tổ chức Ngày hội Toàn dân bảo vệ ANTQ")
    shot("1-draft-plan")

    follow(page, "#plan-register-document")
    expect(page.locator("#document-status")).to_have_text("Dự thảo")
    preview = page.request.get(live_server.url + page.locator("#preview-pdf").get_attribute("href"))
    assert preview.ok and preview.headers["content-type"] == "application/pdf"
    draft = _text(preview.body())
    assert "DỰ THẢO" in draft and "Số: …/KH-UBND" in draft
    assert "Nâng cao chất lượng phong trào ở khu dân cư." in draft
    shot("2-draft-document")

    follow(page, "#source-page")
    form = page.locator("#plan-issue-form")
    form.locator("#id_date").fill("2026-11-20")
    form.locator("#id_signer_name").fill("Nguyễn Văn Hải")
    form.locator("button[type=submit]").click()
    # the files are made by a job; when it is done its page opens the register's document
    expect(page.locator("#document-status")).to_have_text("Đã ban hành", timeout=30_000)
    expect(page.locator("h1")).to_contain_text("Kế hoạch số 01/KH-UBND")
    expect(page.locator("#test-certificate")).to_be_visible()  # a test certificate, said so
    shot("3-issued")
    with page.expect_download() as download:
        page.click("#document-files >> text=Văn bản (PDF)")
    data = download.value.path().read_bytes()
    text = _text(data)
    assert "Số: 01/KH-UBND" in text
    assert "Quảng Ninh, ngày 20 tháng 11 năm 2026" in text and "Tỉnh Quảng Ninh, ngày" not in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Nguyễn Văn Hải" in text
    assert "DỰ THẢO" not in text
    with ThreadPoolExecutor(1) as thread:  # pyHanko runs its own event loop; Playwright has one
        checked = thread.submit(signing.verify_pdf, data).result()
    assert checked.valid, checked.reason
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/Fields"]  # the signature
