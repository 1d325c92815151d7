"""A commune officer registers the Tổ bảo vệ an ninh, trật tự of a residential
area with three members, registers a self-management model and replicates
it to a second residential area; the commune's dashboard counts them."""

import pytest
from playwright.sync_api import expect

from antq.indicators.services import catalogue_load
from conftest import make_unit
from tests.browser.conftest import pick_unit
from tests.browser.test_units_flow import sign_in

SAVE = "main form.form button[type=submit]:not([name])"


def add_member(page, name, year, gender, role, *, another=True):
    page.fill("#id_full_name", name)
    page.fill("#id_birth_year", year)
    page.select_option("#id_gender", label=gender)
    page.select_option("#id_role", label=role)
    page.fill("#id_appointed_on", "2025-08-01")
    page.click("button[name=another]" if another else SAVE)


@pytest.mark.django_db(transaction=True)
def test_team_members_and_a_replicated_model(page, live_server, personas, tree, shot):
    catalogue_load()
    second = make_unit(parent=tree.commune_a, code="06688-020", name="Khu phố Hải Yến")
    sign_in(page, live_server, "xa.a")

    page.goto(f"{live_server.url}/luc-luong/them/")
    page.fill("#id_established_on", "2025-07-15")  # the picker offers the areas of that day
    pick_unit(page, "unit", "dong tam", "Khu phố Đồng Tâm — Phường Hạ Long")
    page.fill("#id_decision_number", "125/QĐ-UBND")
    page.click(SAVE)
    expect(page.locator("h1")).to_have_text("Tổ bảo vệ an ninh, trật tự Khu phố Đồng Tâm")
    page.click("text=Công nhận thành viên")
    add_member(page, "Lê Văn Tâm", "1978", "Nam", "Tổ trưởng")
    add_member(page, "Phạm Thị Lan", "2031", "Nữ", "Tổ phó")  # born in the future
    expect(page.locator(".has-error")).to_contain_text("Năm sinh 2031 chưa đến.")
    shot("1-member-refused")
    add_member(page, "Phạm Thị Lan", "1985", "Nữ", "Tổ phó")
    add_member(page, "Hoàng Văn Đức", "1990", "Nam", "Tổ viên", another=False)
    expect(page.locator("#members tbody tr")).to_have_count(3)
    shot("2-team")
    page.goto(f"{live_server.url}/luc-luong/kiem-tra/?unit={tree.commune_a.pk}")
    expect(page.locator("#untrained li")).to_have_count(3)

    page.goto(f"{live_server.url}/mo-hinh/them/")
    page.fill("#id_name", "Camera an ninh")
    page.select_option("#id_category", label="Công nghệ, camera, cảnh báo")
    page.select_option("#id_lead_organisation", label="Công an")
    page.fill("#id_started_on", "2025-09-01")
    pick_unit(page, "site_unit", "dong tam", "Khu phố Đồng Tâm — Phường Hạ Long")
    page.fill("#id_participants", "120")
    page.click(SAVE)
    expect(page.locator("h1")).to_contain_text("Camera an ninh")
    replicate = page.locator("#replicate")
    pick_unit(replicate, "unit", "hai yen", f"{second.name} — Phường Hạ Long")
    replicate.locator("#id_origin").select_option(label="Khu phố Đồng Tâm")
    replicate.locator("#id_started_on").fill("2026-03-01")
    replicate.locator("#id_participants").fill("80")
    replicate.locator("button[type=submit]").click()
    expect(page.locator("#sites tbody tr")).to_have_count(2)
    expect(page.locator("#sites")).to_contain_text("Khu phố Hải Yến")
    shot("3-model")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("4-model-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/bang-dieu-khien/?period=202610&indicator=MH_DIEM")
    kpis = page.locator("#kpis")
    expect(kpis.locator(".kpi", has_text="Điểm áp dụng mô hình tự quản")).to_contain_text("2")
    expect(
        kpis.locator(".kpi", has_text="Thành viên Tổ bảo vệ ANTT (theo danh sách)")
    ).to_contain_text("3")
    shot("5-dashboard")
