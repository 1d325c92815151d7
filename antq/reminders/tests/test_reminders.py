"""The daily reminders, on a fixed clock across the November report's
deadline (20/12/2026 for the monthly form, 3 days' notice): who is told, once,
never about another commune's work, in the app and by e-mail as chosen."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from antq.core.periods import parse
from antq.indicators.models import ReportForm
from antq.indicators.services import catalogue_load, submission_submit, values_save
from antq.reminders.models import Kind, Notification
from antq.reminders.services import preferences_save, reminders_send
from tests.world import FULL_REPORT

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def on(day: int, month: int = 12):
    return time_machine.travel(dt.datetime(2026, month, day, 7, 0, tzinfo=HANOI), tick=False)


@pytest.fixture
def form(tree, settings):
    settings.ANTQ_REMINDER_DAYS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    catalogue_load()
    return ReportForm.objects.get(code="BC-THANG-XA")


def _told(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_nothing_before_the_notice_then_once_within_it(form, tree, personas):
    with on(16):
        reminders_send()
    assert _told(personas.officer_a) == []
    with on(17):
        first = reminders_send()
        again = reminders_send()
    told = _told(personas.officer_a, Kind.STATISTICS_DUE)
    assert len(told) == 1 and told[0].due == dt.date(2026, 12, 20)
    assert "tháng 11/2026" in told[0].text and "hạn nộp 20/12/2026" in told[0].text
    assert told[0].url == f"/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/202611/"
    assert first["notifications"] >= 2 and again["notifications"] == 0


def test_each_officer_hears_only_about_their_own_commune(form, tree, personas):
    with on(18):
        reminders_send()
    assert {n.unit_id for n in _told(personas.officer_a)} == {tree.commune_a.pk}
    assert {n.unit_id for n in _told(personas.officer_b)} == {tree.commune_b.pk}
    assert _told(personas.viewer) == [] and _told(personas.province_approver) == []


def test_a_report_submitted_in_time_is_not_overdue(form, tree, personas):
    with on(19):
        saved = values_save(
            by=personas.officer_b, form=form, unit=tree.commune_b, period=parse("202611"),
            values=FULL_REPORT,
        )  # fmt: skip
        submission_submit(by=personas.officer_b, submission=saved)
    with on(21):  # the day after the deadline
        reminders_send()
    overdue_a = _told(personas.officer_a, Kind.STATISTICS_OVERDUE)
    assert len(overdue_a) == 1 and "đã quá hạn (20/12/2026)" in overdue_a[0].text
    assert _told(personas.officer_b, Kind.STATISTICS_OVERDUE) == []


def test_e_mail_goes_to_those_who_have_an_address_and_want_it(form, tree, personas):
    personas.officer_a.email = "xa.a@example.vn"
    personas.officer_a.save()
    personas.officer_b.email = "xa.b@example.vn"
    personas.officer_b.save()
    preferences_save(by=personas.officer_b, choices={Kind.STATISTICS_DUE: (True, False)})
    with on(17):
        result = reminders_send()
    assert result["emails"] == 1
    assert [m.to for m in mail.outbox] == [["xa.a@example.vn"]]
    assert "/thong-ke/BC-THANG-XA/" in mail.outbox[0].body
    assert _told(personas.officer_b, Kind.STATISTICS_DUE)  # still in the app


def test_a_reminder_turned_off_is_not_written(form, tree, personas):
    preferences_save(by=personas.officer_a, choices={Kind.STATISTICS_DUE: (False, False)})
    with on(17):
        reminders_send()
    assert _told(personas.officer_a, Kind.STATISTICS_DUE) == []


def test_the_bell_counts_and_opening_goes_to_the_work(form, tree, personas, client):
    with on(17):
        reminders_send()
    client.force_login(personas.officer_a)
    page = client.get("/").content.decode()
    assert 'id="bell"' in page and '<span class="count">1</span>' in page
    notification = _told(personas.officer_a)[0]
    opened = client.post(f"/thong-bao/{notification.pk}/mo/")
    assert opened["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.force_login(personas.officer_b)
    assert client.post(f"/thong-bao/{notification.pk}/mo/").status_code == 404
