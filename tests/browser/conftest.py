"""Browser tests drive Debian's Chromium through Playwright against a live server.

Playwright's own browser download is never used (machines are offline): the
launch points at /usr/bin/chromium. Without it the tests skip, unless
ANTQ_REQUIRE_BROWSER=1 (CI) turns the skip into a failure.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists():
        return
    if os.environ.get("ANTQ_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; browser tests are required")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-US",
    }  # an English browser still gets Vietnamese


@pytest.fixture
def shot(page, request):
    """shot("name") saves a full-page screenshot under test-artifacts/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _requests_answered_before_the_database_closes(request):
    """A test can end while the page still has a request in flight (htmx checks
    a form on every change); answered after the test, it finds the database
    closed and the live server logs a 500. Wait, before the page and the
    database go, until every request the page sent has its answer (at most 10 s)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")  # set up first, so torn down after this
    in_flight: set = set()
    page.on("request", lambda sent: in_flight.add(sent))
    page.on("requestfinished", lambda done: in_flight.discard(done))
    page.on("requestfailed", lambda failed: in_flight.discard(failed))
    yield
    for _ in range(200):
        if not in_flight or page.is_closed():
            break
        page.wait_for_timeout(50)


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Every page a browser test opens runs under the real Content-Security-Policy:
    Chromium reports each blocked script, style or origin on the console, and
    any such report fails the test."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", listen)
    yield
    assert violations == []


def pick_unit(scope, field: str, typed: str, label: str) -> None:
    """Choose a unit in a searchable picker (core.pickers) as a person does:
    type part of its name, then click the match whose whole label is `label`
    ("Khu phố Đồng Tâm — Phường Hạ Long"). `scope` is the page or a form."""
    page = getattr(scope, "page", scope)
    page.wait_for_load_state("load")  # picker.js is deferred: typing before it runs finds nothing
    scope.locator(f"#id_{field}").fill(typed)
    listbox = scope.locator(f"#id_{field}_list")
    listbox.get_by_role("option", name=label, exact=True).click()


def follow(page, selector: str) -> None:
    """Click a link that opens a new page and wait until its deferred scripts
    (htmx, app.js, picker.js) have run: a click only waits for the navigation to
    commit, and a toggle or a live search used before then does nothing."""
    page.click(selector)
    page.wait_for_load_state("load")
