"""A day's work on a phone (390 px): the menu behind one button reaches every
item, home, dashboard and models list fit the screen, the unit page names the
province without a dead link, and a mistyped address in the demo (DEBUG on)
shows antq's Vietnamese page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_units_flow import sign_in
from tests.world import build_world

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.django_db(transaction=True)
def test_a_phone_reaches_every_menu_item_and_the_pages_fit(page, live_server, personas, tree, shot):
    build_world(tree, personas)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "tinh.duyet")
    menu = page.locator("#menu-button")
    expect(menu).to_be_visible()
    expect(page.locator("nav.mainnav")).to_be_hidden()
    assert page_width(page) <= 390
    shot("1-home")
    menu.click()
    links = page.locator("nav.mainnav a")
    assert links.count() >= 12
    for index in range(links.count()):
        expect(links.nth(index)).to_be_visible()
        assert (
            links.nth(index).bounding_box()["x"] + links.nth(index).bounding_box()["width"] <= 390
        )
    expect(page.locator("#usermenu")).to_be_visible()
    shot("2-menu-open")
    for name, label in [("reports:dashboard", "3-dashboard"), ("community:model-list", "4-models")]:
        page.goto(live_server.url + reverse(name))
        assert page_width(page) <= 390, (name, page_width(page))
        shot(label)


@pytest.mark.django_db(transaction=True)
def test_no_dead_ends_for_a_commune_officer(page, live_server, personas, tree, shot, settings):
    build_world(tree, personas)
    sign_in(page, live_server, "xa.a")
    page.goto(live_server.url + reverse("units:unit-detail", args=[tree.commune_a.pk]))
    crumbs = page.locator("nav.breadcrumbs")
    expect(crumbs).to_contain_text(tree.province.name)
    for index in range(crumbs.locator("a").count()):
        answer = page.request.get(
            live_server.url + crumbs.locator("a").nth(index).get_attribute("href")
        )
        assert answer.status == 200
    shot("1-unit-breadcrumbs")
    settings.DEBUG = True  # as the demo runs
    answer = page.goto(live_server.url + "/khong-co-trang-nay/")
    assert answer.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    shot("2-404-in-the-demo")
