"""Every page a province approver opens passes axe-core (the copy pinned in
axe-playwright-python, run in Chromium, offline) without a serious or
critical violation; so do the commune officer's entry pages, the login page
and the public page on a phone."""

from pathlib import Path

import axe_playwright_python
import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.browser.test_units_flow import sign_in
from tests.test_url_matrix import PAGES, PERSONAS
from tests.world import build_world

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = {"serious", "critical"}
APPROVER = PERSONAS.index("province_approver")


def violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    page.evaluate(AXE)  # through DevTools, not a script tag: the page's CSP stays as it is
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def _pages_of_the_approver(world) -> list[str]:
    urls = []
    for name, (method, arguments, query, answers) in PAGES.items():
        if method != "get" or answers[APPROVER] != 200:
            continue
        urls.append(
            reverse(name, args=arguments(world)) + (query(world) if callable(query) else query)
        )
    return urls


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe(page, live_server, personas, tree):
    world = build_world(tree, personas)
    found = {}
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    found["/tai-khoan/dang-nhap/"] = violations(page)
    sign_in(page, live_server, "tinh.duyet")
    checked = 0
    for url in _pages_of_the_approver(world):
        try:
            response = page.goto(live_server.url + url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        if "text/html" not in response.headers.get("content-type", ""):
            continue  # an image or a document shown inline
        if not response.text().lstrip().lower().startswith("<!doctype"):
            continue  # a fragment htmx puts into a page (checked within that page)
        page.wait_for_load_state("networkidle")
        # charts are drawn after the load: check the page as the user sees it
        page.wait_for_function(
            "[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.drawn)"
        )
        found[url] = violations(page)
        checked += 1
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/", f"/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/202611/", "/cong-khai/22/"):
        page.goto(live_server.url + url)
        found[f"{url} (390 px)"] = violations(page)
    assert checked > 60
    failing = {url: v for url, v in found.items() if v}
    assert failing == {}, "\n".join(f"{url}: {v}" for url, v in failing.items())
