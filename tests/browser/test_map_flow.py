"""A system administrator opens the national map (the sơ đồ of today's
provinces), changes the measure, clicks a province to go down to its
communes, and reads a legend that agrees with the table beside the map."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from antq.forces.services import team_create
from antq.indicators.services import catalogue_load
from antq.maps.services import location_set
from tests.browser.test_units_flow import sign_in


def legend_agrees_with_table(page) -> None:
    """Each class of the legend counts as many units as the table lists in it."""
    for item in page.locator("#map-legend li").all():
        klass, count = item.get_attribute("data-class"), int(item.get_attribute("data-count"))
        rows = page.locator(f"#map-table tbody tr[data-class='{klass}']")
        expect(rows).to_have_count(count)


@pytest.mark.django_db(transaction=True)
def test_national_map_down_to_a_province_with_legend_and_table(
    page, live_server, personas, tree, shot
):
    from datetime import date

    catalogue_load()  # the monthly form whose completeness the map measures
    team = team_create(by=personas.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1))
    location_set(
        by=personas.officer_a, subject=team, latitude=Decimal("20.95"), longitude=Decimal("107.05")
    )
    sign_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/ban-do/")
    expect(page.locator("h1")).to_have_text("Bản đồ: Toàn quốc")
    expect(page.locator(".schematic-note")).to_contain_text("Sơ đồ")
    page.wait_for_selector("#map[data-drawn='1']", timeout=60_000)
    expect(page.locator("#map-table tbody tr")).to_have_count(2)  # Quảng Ninh, Vĩnh Long
    legend_agrees_with_table(page)
    shot("1-national")

    page.select_option("#map-measure", "completeness:BC-THANG-XA")
    page.wait_for_url("**measure=completeness*")
    page.wait_for_selector("#map[data-drawn='1']", timeout=60_000)
    expect(page.locator("#map-table thead")).to_be_visible()
    expect(page.locator("#map-measure")).to_have_value("completeness:BC-THANG-XA")
    legend_agrees_with_table(page)
    shot("2-completeness")

    # the first tile is Quảng Ninh (code 22): a click opens its communes
    page.locator("#map .mark-shape path").first.click()
    page.wait_for_url("**unit=22*")
    expect(page.locator("h1")).to_have_text("Bản đồ: Tỉnh Quảng Ninh")
    page.wait_for_selector("#map[data-drawn='1']", timeout=60_000)
    expect(page.locator("#map-table")).to_contain_text("Phường Hạ Long")
    expect(page.locator("#map-table")).to_contain_text("Phường Bãi Cháy")
    legend_agrees_with_table(page)
    # the legend drawn in the picture names the same classes as the page's list
    drawn = page.locator("#map svg").text_content()
    for label in page.locator("#map-legend li").all():
        assert label.get_attribute("data-class") in drawn
    expect(page.locator(".map-points")).to_contain_text("Trụ sở Tổ bảo vệ ANTT")
    shot("3-province")

    # keyboard: the table's links go down too
    page.locator("#map-table a", has_text="Phường Hạ Long").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Bản đồ: Phường Hạ Long")
    shot("4-commune")


@pytest.mark.django_db(transaction=True)
def test_a_teams_headquarters_placed_by_a_click_on_its_forms_small_map(
    page, live_server, personas, tree, shot
):
    from datetime import date

    team = team_create(by=personas.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1))
    sign_in(page, live_server, "xa.a")
    page.goto(f"{live_server.url}/luc-luong/{team.pk}/sua/")
    picker = page.locator(".point-picker-map")
    expect(picker).to_be_visible(timeout=30_000)
    expect(page.locator(".pp-focus title")).to_have_text("Phường Hạ Long")
    shot("1-picker")

    picker.click(position={"x": 200, "y": 120})
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert 20 < float(latitude.replace(",", ".")) < 22, latitude
    assert 106 < float(longitude.replace(",", ".")) < 108.5, longitude
    expect(page.locator(".pp-marker")).to_have_attribute("visibility", "visible")
    # the arrow keys move the point: one step north
    picker.focus()
    page.keyboard.press("ArrowUp")
    moved = page.locator("#id_latitude").input_value()
    assert float(moved.replace(",", ".")) > float(latitude.replace(",", "."))
    shot("2-placed")

    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/luc-luong/{team.pk}/")
    team.refresh_from_db()
    assert str(team.latitude).rstrip("0") == moved.replace(",", ".").rstrip("0")

    # typed outside Vietnam: refused beside the input, in Vietnamese
    page.goto(f"{live_server.url}/luc-luong/{team.pk}/sua/")
    page.fill("#id_latitude", "48,85")
    page.fill("#id_longitude", "2,35")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".field.has-error").first).to_contain_text("Vĩ độ phải từ 6 đến 24")
    shot("3-refused")
