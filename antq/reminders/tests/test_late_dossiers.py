"""Past the deadlines of the year's "An toàn về ANTT" campaign (20/11 for
residential areas, 30/11 for the others), the people of each commune, agency
or school whose dossier is missing are reminded, once; the home page lists
the late units the reader looks after."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from antq.assessments.services.campaigns import campaign_open
from antq.reminders.models import Kind, Notification
from antq.reminders.services import reminders_send

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def on(day: int, month: int = 12):
    return time_machine.travel(dt.datetime(2026, month, day, 7, 0, tzinfo=HANOI), tick=False)


def _overdue(user) -> list[str]:
    rows = Notification.objects.filter(user=user, kind=Kind.ASSESSMENT_OVERDUE)
    return [n.text for n in rows]


def test_overdue_self_assessments_and_dossiers_are_reminded_once(tree, personas):
    campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    with on(25, 11):  # past the residential areas' deadline, not the others'
        reminders_send()
    told = _overdue(personas.officer_a)
    assert any("khu dân cư chưa nộp hồ sơ" in t and "đã quá hạn 20/11/2026" in t for t in told)
    assert not any("Phường Hạ Long chưa nộp" in t for t in told)
    with on(2):
        reminders_send()
        reminders_send()  # a second run tells nothing again
    told = _overdue(personas.officer_a)
    dossier = [t for t in told if "của Phường Hạ Long chưa nộp; đã quá hạn 30/11/2026" in t]
    assert len(dossier) == 1
    assert not any("Phường Bãi Cháy" in t for t in told)  # commune B's, not A's


def test_the_home_page_lists_the_late_communes_and_the_registered_agencies(tree, personas, client):
    """Every commune owes a dossier; a school, agency or enterprise owes one
    once it registered for the year (one that never registered takes no
    part: it is counted as not registered, not as late)."""
    from antq.assessments.services.campaigns import registration_create

    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    client.force_login(personas.province_approver)
    with on(2):
        page = client.get("/").content.decode()
    section = page[page.index('id="late-dossiers"') :]
    assert "Phường Hạ Long" in section and "Phường Bãi Cháy" in section
    assert "Trường THCS Hạ Long" not in section  # not registered: not late
    school = tree.commune_a.children.get(name="Trường THCS Hạ Long")
    registration_create(by=personas.province_approver, campaign=campaign, unit=school)
    with on(2):
        page = client.get("/").content.decode()
    section = page[page.index('id="late-dossiers"') :]
    assert "Trường THCS Hạ Long" in section
    with on(25, 11):
        assert 'id="late-dossiers"' not in client.get("/").content.decode()
