"""The report pages as a province officer uses them, and the public page of a
province as anyone on the internet sees it."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from antq.indicators.services import submissions_approve
from antq.reports.models import Report
from antq.reports.tests.conftest import WRITTEN


@pytest.fixture
def approver(client, world):
    client.force_login(world.personas.province_approver)
    return client


def test_drafting_from_the_page_runs_as_a_job_and_opens_the_report(approver, world):
    world.report_province.delete()
    submissions = [world.submission_a, world.submission_b]  # statistics count approved reports
    submissions_approve(by=world.personas.province_approver, submissions=submissions)
    answer = approver.post(
        "/bao-cao/", {"unit": world.tree.province.pk, "period": "2026", "view": "restated"}
    )
    assert answer.status_code == 302 and "/cong-viec/" in answer["Location"]
    job_page = approver.get(answer["Location"])
    report = Report.objects.get(unit=world.tree.province, period="2026")
    assert job_page.status_code == 302 and job_page["Location"] == f"/bao-cao/{report.pk}/"
    page = approver.get(f"/bao-cao/{report.pk}/").content.decode()
    # the approved statistic of the communes' monthly reports (2 sessions each)
    assert "Tổ chức 4 buổi tuyên truyền" in page
    link = (
        "/bang-dieu-khien/?indicator=TT_BUOI&period=202601..202611&view=restated"
        f"&unit={world.tree.province.pk}"
    )  # the months the report states so far, like the figure
    assert link.replace("&", "&amp;") in page
    dashboard = approver.get(link).content.decode()
    assert "Tháng 1/2026 – Tháng 11/2026" in dashboard
    assert '<option value="202601..202611" selected>' in dashboard


def test_the_list_says_each_period_in_words(approver, world):
    page = approver.get("/bao-cao/").content.decode()
    assert "<td>Năm 2026</td>" in page and "<td>2026</td>" not in page


def test_a_bad_period_re_renders_the_form_in_vietnamese(approver, world):
    page = approver.post(
        "/bao-cao/", {"unit": world.tree.province.pk, "period": "2026Q3", "view": "restated"}
    )
    assert page.status_code == 200
    assert "6 tháng (2026S1) hoặc năm (2026)" in page.content.decode()


def test_write_then_issue_from_the_page(approver, world, django_capture_on_commit_callbacks):
    report = world.report_province
    saved = approver.post(
        f"/bao-cao/{report.pk}/",
        {"action": "save", "version": report.version, **WRITTEN},
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.narrative["s4"] == WRITTEN["s4"]
    refused = approver.post(
        f"/bao-cao/{report.pk}/",
        {"action": "issue", "version": report.version, "number": "", "date": "2026-12-24"},
    )
    assert "ở sau ngày hôm nay" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the files, after the commit
        issued = approver.post(
            f"/bao-cao/{report.pk}/",
            {
                "action": "issue",
                "version": report.version,
                "number": 77,
                "date": "2026-11-23",
                "place": "Quảng Ninh",
                "signing_form": "TM",
                "signer_title": "Chủ tịch",
                "signer_name": "Nguyễn Văn Chủ",
                "recipients": "Bộ Công an;\nLưu: VT.",
            },
        )
    assert issued.status_code == 302 and issued["Location"].startswith("/cong-viec/")
    report.refresh_from_db()
    assert report.reference == "77/BC-UBND" and report.is_issued
    assert report.document.files.count() == 2
    assert approver.get(f"/bao-cao/{report.pk}/tai/pdf/").status_code == 200


def test_the_issue_form_opens_on_today_in_a_value_the_date_picker_reads(approver, world):
    page = approver.get(f"/bao-cao/{world.report_province.pk}/").content.decode()
    today = timezone.localdate().isoformat()  # a localized 02/12/2026 leaves the picker empty
    assert f'type="date" name="date" value="{today}"' in page


def test_an_issued_report_is_compared_with_the_months_it_states_not_with_todays(approver, world):
    import datetime as dt

    import time_machine

    from antq.reports.services import report_issue
    from antq.reports.tests.conftest import written
    from antq.reports.tests.test_reports import ISSUE, _draft

    by = world.personas.province_approver
    issued = report_issue(by=by, report=written(_draft(world), by), data=ISSUE)
    assert issued.figures["covered"] == "202601..202611"
    with time_machine.travel(dt.datetime(2027, 1, 25, 9, 0), tick=False):  # December has ended
        approver.force_login(by)  # the session of December has expired
        page = approver.get(f"/bao-cao/{issued.pk}/doi-chieu/").content.decode()
    assert "khớp với số liệu hôm nay" in page


def test_a_draft_from_last_month_offers_the_month_that_has_ended_since(approver, world):
    import datetime as dt

    import time_machine

    from antq.reports.tests.test_reports import _draft

    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 0), tick=False):
        draft = _draft(world)
    assert draft.figures["covered"] == "202601..202610"
    page = approver.get(f"/bao-cao/{draft.pk}/").content.decode()
    assert "Đã có số liệu 11 tháng đầu năm 2026" in page


def test_a_report_stored_before_its_months_were_kept_is_compared_over_its_period(approver, world):
    from datetime import date

    from antq.activities.services import activity_create
    from antq.activities.tests.conftest import entry
    from antq.core.periods import parse
    from antq.reports.drafting import draft_figures
    from antq.reports.tests.test_reports import _draft

    report = _draft(world)
    december = entry(world.tree.area_a, day=date(2026, 12, 1))  # outside January–November
    activity_create(by=world.personas.officer_a, data=december)
    figures = draft_figures(
        template=report.template, root=report.unit, period=parse("2026"), covered="2026"
    )
    del figures["covered"]  # as drafted before the months were kept: the whole year
    report.figures = figures
    report.save()
    assert report.covered == "2026"
    page = approver.get(f"/bao-cao/{report.pk}/doi-chieu/").content.decode()
    assert "khớp với số liệu hôm nay" in page


@pytest.mark.parametrize(
    ("period", "selected"),
    [("2025", "2025"), ("2025..2026", "2025..2026"), ("202601..202611", "202601..202611")],
)
def test_the_dashboard_selects_the_period_it_shows(approver, world, period, selected):
    import re

    page = approver.get("/bang-dieu-khien/", {"period": period}).content.decode()
    options = re.search(r'<select name="period">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)" selected>', options) == [selected]


def test_a_month_not_begun_is_not_shown_as_a_month_of_zeros(approver, world):
    """On 02/12/2026 January 2027 has no report yet: the dashboard says so and
    shows the last month whose reports are due, instead of "0/54 … đã được
    duyệt"."""
    import re

    page = approver.get("/bang-dieu-khien/", {"period": "202701"}).content.decode()
    assert "Tháng 1/2027 chưa bắt đầu; đang xem tháng 10/2026." in page
    options = re.search(r'<select name="period">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)" selected>', options) == ["202610"]


def test_a_viewer_reads_but_cannot_change(client, world):
    client.force_login(world.personas.viewer)
    report = world.report_province
    assert client.get(f"/bao-cao/{report.pk}/").status_code == 200
    answer = client.post(f"/bao-cao/{report.pk}/", {"action": "save", "version": 1, "s4": "x"})
    assert answer.status_code == 403
    report.refresh_from_db()
    assert report.narrative["s4"] == "[Nêu hình thức.]"


def test_the_public_page_needs_no_login_and_names_no_one(client, world):
    cache.clear()
    page = client.get(f"/cong-khai/{world.tree.province.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    # no monthly report of 2026 is approved in this world: the outreach figure
    # is the count of recorded sessions, named as such (reports.figures)
    assert "Tỉnh Quảng Ninh" in html and "Buổi tuyên truyền đã ghi nhận" in html
    assert "11 tháng đầu năm 2026 và cùng kỳ năm trước" in html  # like with like
    for person in ("Lê Văn Tâm", world.personas.officer_a.username, "Nguyễn Văn Chủ"):
        assert person not in html
    assert "max-age=600" in page["Cache-Control"]
    assert client.get("/cong-khai/06688/").status_code == 404  # a commune has no public page
    assert client.get("/cong-khai/99/").status_code == 404


def test_in_january_the_public_page_shows_the_year_just_ended(client, world):
    import datetime as dt

    import time_machine

    cache.clear()
    with time_machine.travel(dt.datetime(2027, 1, 15, 9, 0), tick=False):
        html = client.get(f"/cong-khai/{world.tree.province.code}/").content.decode()
    assert "năm 2026 và cùng kỳ năm trước" in html and "tháng 1/2027" not in html
