"""A commune officer on a phone with a weak connection: the monthly report is
typed offline, survives a reload, and is sent once when the connection
returns, landing in the province's approval list. A change made on the server
meanwhile is never overwritten: the conflict screen shows both."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from antq.core.models import ClientSubmission
from antq.core.periods import parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, values_save
from tests.browser.test_units_flow import sign_in

PERIOD = "202611"
FIGURES = {"v__TT_BUOI": "12", "v__NT_TIN_BAO": "3", "v__TP_SO_VU__trom_cap": "2",
           "v__TP_KHAM_PHA": "1", "v__TNGT_SO_VU": "0"}  # fmt: skip


def _open_on_a_phone(page, live_server, tree):
    catalogue_load()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "xa.a")
    url = f"{live_server.url}/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/{PERIOD}/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps this page for offline use
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return url


class Network:
    """The phone's connection, cut on both ends. Chromium's emulation tells the
    page it is offline, but it reaches a new document (after a reload) and the
    service worker's own requests a moment late. So while "offline" the live
    server also drops every connection it is given without answering: a request
    that slips past the emulation fails like one on a dead network, and nothing
    reaches the database."""

    def __init__(self, page, context, live_server, monkeypatch):
        self.page, self.context, self.down = page, context, False
        handler = live_server.thread.httpd.RequestHandlerClass
        parse = handler.parse_request

        def parse_request(request_handler):
            if self.down:
                request_handler.close_connection = True
                return False  # no answer at all: the socket just closes
            return parse(request_handler)

        # on the class, so connections kept alive from before are dropped too
        monkeypatch.setattr(handler, "parse_request", parse_request)

    def cut(self):
        self.down = True
        self.context.set_offline(True)
        self.page.wait_for_function("navigator.onLine === false")

    def restore(self):
        self.down = False
        self.context.set_offline(False)


@pytest.fixture
def network(page, context, live_server, monkeypatch):
    return Network(page, context, live_server, monkeypatch)


def _type(page, figures):
    for name, value in figures.items():
        page.fill(f"#id_{name}", value)


@pytest.mark.django_db(transaction=True)
def test_typed_offline_sent_once_when_back_online(
    page, network, browser, live_server, personas, tree, shot
):
    _open_on_a_phone(page, live_server, tree)
    network.cut()
    _type(page, FIGURES)
    page.click("button[name=submit]")
    expect(page.locator("#offline-banner")).to_contain_text("đã được lưu trên máy")
    shot("1-kept-on-the-phone")
    page.reload()  # still offline: the service worker opens the page it kept
    expect(page.locator("#id_v__TT_BUOI")).to_have_value("12")
    expect(page.locator("#offline-banner")).to_contain_text("sẽ tự gửi khi có mạng")
    page.wait_for_function("navigator.onLine === false")  # the emulation reached the new page
    assert not Submission.objects.exists()

    network.restore()
    expect(page.locator("#submission-status")).to_have_text("Đã nộp")
    expect(page.locator("#offline-banner")).to_have_count(0)
    shot("2-sent")
    submission = Submission.objects.get()
    assert (submission.unit_id, submission.period, submission.status) == (
        tree.commune_a.pk, PERIOD, "submitted")  # fmt: skip
    assert ClientSubmission.objects.count() == 1
    page.reload()  # nothing left on the phone to send again
    assert Submission.objects.count() == 1 and ClientSubmission.objects.count() == 1

    province = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(province, live_server, "tinh.duyet")
    province.goto(f"{live_server.url}/thong-ke/duyet/")
    expect(province.locator("main")).to_contain_text("Phường Hạ Long")
    province.context.close()


@pytest.mark.django_db(transaction=True)
def test_a_change_on_the_server_meanwhile_shows_the_conflict(
    page, network, live_server, personas, tree, shot
):
    _open_on_a_phone(page, live_server, tree)
    network.cut()
    _type(page, FIGURES)
    page.click("button[name=save]")
    expect(page.locator("#offline-banner")).to_contain_text("đã được lưu trên máy")
    values_save(  # the province corrects the same report while the phone is offline
        by=personas.province_approver,
        form=ReportForm.objects.get(code="BC-THANG-XA"),
        unit=tree.commune_a,
        period=parse(PERIOD),
        values={"TT_BUOI": {"": Decimal(20)}},
    )
    corrected = Submission.objects.get().version
    network.restore()
    expect(page.locator("#conflict")).to_be_visible()
    row = page.locator("#conflict-table tr.differs", has_text="Số buổi tuyên truyền")
    expect(row).to_contain_text("20")
    expect(row).to_contain_text("12")
    shot("3-conflict")
    page.click("#keep-mine button")
    expect(page.locator("#id_v__TT_BUOI")).to_have_value("12")
    # one deliberate save over the version the officer was shown, nothing silent before it
    assert Submission.objects.get().version == corrected + 1
    page.reload()
    expect(page.locator("#offline-banner")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_change_to_another_field_meanwhile_merges_without_asking(
    page, network, live_server, personas, tree, shot
):
    _open_on_a_phone(page, live_server, tree)
    network.cut()
    _type(page, FIGURES)
    page.click("button[name=save]")
    expect(page.locator("#offline-banner")).to_contain_text("đã được lưu trên máy")
    values_save(  # the province fills a field the phone never touched
        by=personas.province_approver,
        form=ReportForm.objects.get(code="BC-THANG-XA"),
        unit=tree.commune_a,
        period=parse(PERIOD),
        values={"TT_LUOT": {"": Decimal(300)}},
    )
    network.restore()
    # both kept, no question asked: the phone's figures and the province's
    expect(page.locator("#id_v__TT_LUOT")).to_have_value("300")
    expect(page.locator("#id_v__TT_BUOI")).to_have_value("12")
    expect(page.locator("#conflict")).to_have_count(0)
    shot("4-merged")
    assert ClientSubmission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_send_that_fails_while_the_phone_says_online_is_tried_again(
    page, network, live_server, personas, tree, shot
):
    """A weak connection: the phone reports it is online, so no "online" event
    will come, but the server cannot be reached. The kept figures are sent
    again a while later, once."""
    _open_on_a_phone(page, live_server, tree)
    page.evaluate("document.querySelector('form[data-offline]').dataset.retrySeconds = '1'")
    network.cut()
    _type(page, FIGURES)
    page.click("button[name=submit]")
    expect(page.locator("#offline-banner")).to_contain_text("đã được lưu trên máy")

    # the phone says online, the server is still cut off: the first try fails
    with page.expect_event("requestfailed", predicate=lambda sent: sent.method == "POST"):
        network.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_contain_text("sẽ tự gửi khi có mạng")
    assert not Submission.objects.exists()

    network.restore()  # the next try, a second later, gets through
    expect(page.locator("#submission-status")).to_have_text("Đã nộp")
    assert Submission.objects.get().status == "submitted"
    assert ClientSubmission.objects.count() == 1
