"""The province drafts its 2026 year-end report from live data, writes the
assessment, issues it and downloads it; a data correction afterwards leaves
the issued report as it was and the page says which figures differ today.
Then the province's public page, logged out, on a phone."""

from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import expect

from antq.core.actors import SYSTEM
from antq.core.periods import parse
from antq.indicators.models import Submission
from antq.indicators.services import write_values
from antq.reports.tests.conftest import WRITTEN
from tests.browser.conftest import follow, pick_unit
from tests.browser.test_units_flow import sign_in
from tests.world import MONTH, build_world


@pytest.mark.django_db(transaction=True)
def test_draft_write_issue_download_and_correct(page, live_server, personas, tree, shot):
    world = build_world(tree, personas)
    world.report_province.delete()
    # the report states approved statistics: both communes' October, approved
    Submission.objects.update(status=Submission.Status.APPROVED)
    sign_in(page, live_server, "tinh.duyet")
    follow(page, "nav.mainnav >> text=Báo cáo")
    page.fill("#id_period", "2026")  # the picker offers the units of that year
    pick_unit(page, "unit", "quang ninh", "Tỉnh Quảng Ninh")
    page.click("#report-create button[type=submit]")  # the job page opens the report when done
    expect(page.locator("h1")).to_have_text("Báo cáo năm 2026 — Tỉnh Quảng Ninh")
    expect(page.locator("#report-body")).to_contain_text("Tổ chức 4 buổi tuyên truyền")
    # the note above the body says how many monthly reports were approved
    expect(page.locator("p.hint em", has_text="Ghi chú:")).to_contain_text(
        "báo cáo tháng đã được duyệt (2/"
    )
    expect(page.locator("#report-body h2").last).to_have_text("V. ĐỀ XUẤT, KIẾN NGHỊ")
    expect(page.locator("#differences")).to_contain_text("khớp với số liệu hôm nay")
    shot("1-draft")

    for key, text in WRITTEN.items():
        page.fill(f"#id_{key}", text)
    # the toolbar marks bold and bullets without knowing the marks
    page.fill("#id_s1", "Tình hình an ninh, trật tự ổn định.")
    page.evaluate(
        "(() => { const a = document.getElementById('id_s1'), i = a.value.indexOf('ổn định');"
        " a.setSelectionRange(i, i + 'ổn định'.length); })()"
    )
    page.locator(".richtext-bar:has(+ #id_s1) button", has_text="Chữ đậm").click()
    expect(page.locator("#id_s1")).to_have_value("Tình hình an ninh, trật tự **ổn định**.")
    page.fill("#id_s13", "Giữ vững tiêu chuẩn.")
    page.locator(".richtext-bar:has(+ #id_s13) button", has_text="Gạch đầu dòng").click()
    expect(page.locator("#id_s13")).to_have_value("- Giữ vững tiêu chuẩn.")
    shot("1b-writing")
    page.click("#save-narrative")
    expect(page.locator("#report-body")).to_contain_text("Nhân rộng mô hình camera an ninh.")
    expect(page.locator("#report-body strong").first).to_have_text("ổn định")
    expect(page.locator("#report-body li", has_text="Giữ vững tiêu chuẩn.")).to_be_visible()

    page.fill("#id_number", "88")
    page.fill("#id_date", "2026-11-23")
    page.fill("#id_signer_title", "Chủ tịch")
    page.fill("#id_signer_name", "Nguyễn Văn Chủ")
    report_url = page.url
    page.click("#issue")  # the document job opens the issued document in the register
    expect(page.locator("#document-status")).to_have_text("Đã ban hành")
    expect(page.locator("h1")).to_contain_text("88/BC-UBND")
    page.goto(report_url)
    expect(page.locator("#report-status")).to_have_text("Đã ban hành")
    expect(page.locator("#report-reference")).to_have_text("88/BC-UBND")
    shot("2-issued")
    with page.expect_download() as download:
        page.click("#download-docx")
    document = Document(str(download.value.path()))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "Số: 88/BC-UBND" in paragraphs and "DỰ THẢO" not in paragraphs
    assert any(p.startswith("- Tổ chức 4 buổi tuyên truyền") for p in paragraphs)
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in paragraphs and "Bài học kinh nghiệm:" in "".join(paragraphs)
    with page.expect_download() as download:
        page.click("#download-pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    write_values(  # a correction of commune A's approved October
        by=SYSTEM,
        unit=world.tree.commune_a,
        period=parse(MONTH),
        values={"TT_BUOI": {"": Decimal(5)}},
        comments={},
    )
    page.reload()
    expect(page.locator("#report-body")).to_contain_text("Tổ chức 4 buổi tuyên truyền")
    differences = page.locator("#differences")
    expect(differences).to_contain_text("báo cáo không thay đổi")
    expect(differences.locator("tr", has_text="Số buổi tuyên truyền")).to_contain_text("7")
    shot("3-differs-today")

    page.click("text=Đăng xuất")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cong-khai/22/")
    expect(page.locator("h1")).to_have_text("Tỉnh Quảng Ninh")
    expect(page.locator("#public-figures")).to_contain_text("Số buổi tuyên truyền")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the public page scrolls sideways on a phone"
    shot("4-public-phone")
