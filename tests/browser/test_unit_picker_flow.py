"""The officer of today's Tỉnh Vĩnh Long records the 2022 outreach of
Thành phố Bến Tre (a district abolished in 2025) with the searchable unit
picker, by keyboard, then reads it in Bến Tre's as-published summary; and
the picker works on a 390 px phone. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from antq.accounts.models import Role
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit, make_user
from tests.browser.test_accessibility import violations
from tests.browser.test_units_flow import sign_in


@pytest.mark.django_db(transaction=True)
def test_vinh_long_picks_thanh_pho_ben_tre_for_2022_by_keyboard(
    page, live_server, personas, tree, shot
):
    tree.ben_tre.refresh_from_db()
    city = make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )
    make_user("vinhlong.canbo", Role.APPROVER, tree.vinh_long)
    sign_in(page, live_server, "vinhlong.canbo")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.select_option("#id_kind", label="Tuyên truyền")
    page.fill("#id_title", "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm")
    page.fill("#id_date", "2022-06-15")
    picker = page.locator("#id_unit")
    expect(picker).to_have_attribute("role", "combobox")
    picker.fill("")
    picker.type("thanh pho ben tre")  # no diacritics, as typed on any keyboard
    option = page.locator("#id_unit_list [role=option]")
    expect(option).to_have_text(["Thành phố Bến Tre (đến 30/06/2025) — Tỉnh Bến Tre"])
    expect(picker).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#id_unit_status")).to_contain_text("1 kết quả")
    shot("1-picker-open")
    picker.press("ArrowDown")
    expect(picker).to_have_attribute("aria-activedescendant", "id_unit_option_0")
    picker.press("Enter")
    expect(picker).to_have_value("Thành phố Bến Tre (đến 30/06/2025) — Tỉnh Bến Tre")
    expect(page.locator("#id_unit_value")).to_have_value(str(city.pk))
    page.fill("#id_attendance", "0")
    page.fill("#id_output_bai_mang", "265")
    page.fill("#id_output_tin_bai", "1.480")
    page.fill("#id_output_bao_chi", "84")
    assert violations(page) == []
    page.click("main form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text(
        "Tuyên truyền trên mạng, báo chí về phòng, chống tội phạm"
    )
    shot("2-recorded")

    page.goto(
        f"{live_server.url}/hoat-dong/tong-hop/?unit={tree.ben_tre.pk}&year=2022&view=published"
    )
    expect(page.locator("#view-label")).to_contain_text(
        "Tỉnh Bến Tre (đến 30/06/2025), như đã công bố"
    )
    expect(page.locator("#summary-outputs")).to_contain_text("1.480")
    expect(page.locator("#summary-outputs")).to_contain_text("265")
    expect(page.locator("#summary-outputs")).to_contain_text("84")
    shot("3-ben-tre-as-published")
    page.goto(
        f"{live_server.url}/hoat-dong/tong-hop/?unit={tree.vinh_long.pk}&year=2022&view=published"
    )
    expect(page.locator(".history-note")).to_contain_text("Tỉnh Vĩnh Long có từ 01/07/2025")
    assert violations(page) == []
    shot("4-vinh-long-theo-don-vi-khi-do")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.fill("#id_date", "2022-06-15")
    page.locator("#id_unit").fill("ben tre")
    expect(page.locator("#id_unit_list [role=option]").first).to_be_visible()
    box = page.locator("#id_unit_list").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot("5-phone-390")
    page.locator("#id_unit").press("Escape")
    expect(page.locator("#id_unit_list")).to_be_hidden()
