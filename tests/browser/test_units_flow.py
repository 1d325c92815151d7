"""A commune officer signs in, walks the tree, imports units from a file with an
error, reads the message, fixes the file and imports it."""

import pytest
from playwright.sync_api import expect

from antq.units.models import Unit
from conftest import PASSWORD
from tests.browser.conftest import follow

BAD_FILE = (
    "Tên;Loại đơn vị;Loại hình;Số hộ\nKhu phố Cao Xanh;Khu dân cư;khu phố;210\n"
    "Khu phố Hà Tu;Khu dân cư;trường học;nhiều\n"
)
GOOD_FILE = (
    "Tên;Loại đơn vị;Loại hình;Số hộ\nKhu phố Cao Xanh;Khu dân cư;khu phố;210\n"
    "Khu phố Hà Tu;Khu dân cư;khu phố;1.480\n"
)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    page.wait_for_load_state("load")  # the home page's deferred scripts have run


def upload(page, content: str, name: str):
    page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.click("text=Kiểm tra và nhập")


@pytest.mark.django_db(transaction=True)
def test_commune_officer_walks_the_tree_and_imports_units_after_fixing_errors(
    page, live_server, personas, tree, shot
):
    sign_in(page, live_server, "xa.a")
    shot("1-home")

    follow(page, "nav.mainnav >> text=Đơn vị")
    page.click("button.toggle")
    expect(page.locator("#tree > li > .children")).to_contain_text("Khu phố Đồng Tâm")
    expect(page.locator("#tree")).not_to_contain_text("Phường Bãi Cháy")
    shot("2-tree")

    page.click("#tree >> text=Phường Hạ Long")
    expect(page.locator("h1")).to_have_text("Phường Hạ Long")
    page.click("text=Nhập từ Excel")

    upload(page, BAD_FILE, "khu-dan-cu.csv")
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Dòng 3, cột C (Loại hình)")
    expect(errors).to_contain_text("Dòng 3, cột D (Số hộ): “nhiều” không phải là số.")
    shot("3-errors")
    assert not Unit.objects.filter(name="Khu phố Cao Xanh").exists()

    upload(page, GOOD_FILE, "khu-dan-cu.csv")  # a job on the queue; its page follows it
    expect(page.locator("#import-result")).to_contain_text("Đã nhập 2 dòng: thêm 2")
    shot("4-job")
    page.click("#back-to-unit")
    expect(page.locator("table.grid")).to_contain_text("Khu phố Hà Tu")
    expect(page.locator("table.grid")).to_contain_text("1.480")
    shot("5-imported")
    assert Unit.objects.get(name="Khu phố Hà Tu").households == 1480


@pytest.mark.django_db(transaction=True)
def test_live_search_finds_ben_tre_without_diacritics(page, live_server, personas, tree, shot):
    sign_in(page, live_server, "quantri")
    follow(page, "nav.mainnav >> text=Tìm kiếm")
    page.check("#id_closed")
    page.fill("#id_q", "ben tre")
    expect(page.locator("#results")).to_contain_text("Tỉnh Bến Tre")
    shot("search")
    page.click("#results >> text=Tỉnh Bến Tre")
    expect(page.locator(".history")).to_contain_text("Tỉnh Vĩnh Long")
    shot("ben-tre")


@pytest.mark.django_db(transaction=True)
def test_an_idle_session_warns_then_extends_then_ends(page, live_server, personas, settings, shot):
    settings.SESSION_COOKIE_AGE = 8  # the warning shows in the last 2 seconds
    sign_in(page, live_server, "xa.b")
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=10_000)
    shot("warning")
    page.click("#session-extend")
    expect(warning).to_be_hidden()
    page.wait_for_url("**/dang-nhap/?het-han=1**", timeout=15_000)
    expect(page.locator(".login")).to_contain_text("Phiên làm việc đã hết hạn")
    shot("expired")
