"""The home page lists what waits on the user, through their scope only."""

from decimal import Decimal

import pytest

from antq.indicators.models import Submission
from antq.reports.selectors import waiting_for


def labels(user) -> dict[str, int]:
    return {w.label: w.count for w in waiting_for(user)}


def test_the_province_approver_sees_what_waits_for_the_province(world):
    waiting = labels(world.personas.province_approver)
    assert waiting["Báo cáo thống kê chờ duyệt"] == 2  # commune A's and commune B's reports
    assert waiting["Đề nghị khen thưởng chờ hội đồng xét (Tổng kết năm 2026)"] == 1


def test_a_commune_officer_never_sees_another_communes_work(world, client):
    assert "Báo cáo thống kê chờ duyệt" not in labels(world.personas.officer_b)
    assert not any("khen thưởng" in label for label in labels(world.personas.officer_b))
    client.force_login(world.personas.officer_b)
    page = client.get("/").content.decode()
    assert "Phường Hạ Long" not in page
    waiting = client.get("/bang-dieu-khien/viec-dang-cho/", HTTP_HX_REQUEST="true")
    assert "Phường Hạ Long" not in waiting.content.decode()


def test_what_waits_is_read_after_the_page_and_has_a_page_of_its_own(world, client):
    client.force_login(world.personas.province_approver)
    home = client.get("/").content.decode()
    assert 'hx-get="/bang-dieu-khien/viec-dang-cho/" hx-trigger="load"' in home
    card = client.get("/bang-dieu-khien/viec-dang-cho/", HTTP_HX_REQUEST="true").content.decode()
    assert card.startswith('<section class="card" id="waiting">') and "<html" not in card
    assert "Đề nghị khen thưởng chờ hội đồng xét (Tổng kết năm 2026)</a>: <strong>1<" in card
    page = client.get("/bang-dieu-khien/viec-dang-cho/").content.decode()
    assert "<html" in page and "Báo cáo thống kê chờ duyệt" in page


@pytest.mark.parametrize("persona", ["province_approver", "officer_a", "system_admin"])
def test_the_home_page_costs_at_most_15_queries(
    world, client, persona, django_assert_max_num_queries
):
    import datetime as dt

    import time_machine

    Submission.objects.update(status=Submission.Status.APPROVED)  # figures count approved data
    client.force_login(getattr(world.personas, persona))
    october = time_machine.travel(dt.datetime(2026, 11, 24, 9, 0), tick=False)  # its figures
    with october, django_assert_max_num_queries(15):
        page = client.get("/")
    assert page.status_code == 200 and 'id="key-figures"' in page.content.decode()


def test_the_key_figures_are_one_grouped_roll_up_that_agrees_with_each_roll_up(world):
    from antq.core.periods import parse
    from antq.indicators.models import ReportForm
    from antq.indicators.selectors import rollup, rollup_totals
    from antq.indicators.totals import totals_rebuild
    from antq.units.models import PUBLISHED, RESTATED

    Submission.objects.update(status=Submission.Status.APPROVED)  # figures count approved data
    totals_rebuild()  # approved in one write, outside the services: the nation's totals follow
    form = ReportForm.objects.get(code="BC-THANG-XA")
    indicators = [line.indicator for line in form.lines.select_related("indicator")]
    for root, period, view in [
        (world.tree.province, parse("202610"), RESTATED),
        (world.tree.commune_a, parse("2026"), PUBLISHED),
        (None, parse("2026Q4"), RESTATED),
    ]:
        totals = rollup_totals(
            indicators=indicators, root=root, period=period, data_type="monthly", view=view
        )
        assert totals, (root, period)
        for indicator in indicators:
            rows = rollup(indicator=indicator, root=root, period=period, view=view, by_child=False)
            one = (rows[0].current, rows[0].previous) if rows else (None, None)
            grouped = tuple(
                None if v is None else v.quantize(Decimal("0.01"))
                for v in totals.get(indicator.code, (None, None))
            )
            assert grouped == one, (indicator.code, root, period, view)


def test_reports_to_submit_are_counted_with_their_deadline(world):
    from datetime import date

    december = date(2026, 12, 5)  # the November report is due on 20/12
    label = "Báo cáo tháng 11/2026 chưa nộp, hạn 20/12/2026"
    assert {w.label: w.count for w in waiting_for(world.personas.officer_a, december)}[label] == 1
    assert {w.label: w.count for w in waiting_for(world.personas.province_approver, december)}[
        label
    ] == 2  # both communes, late or not, are the province's to follow
    late = {w.label: w for w in waiting_for(world.personas.officer_b, date(2026, 12, 21))}
    assert late["Báo cáo tháng 11/2026 chưa nộp, đã quá hạn 20/12/2026"].urgent


def test_a_returned_report_waits_on_its_commune_only(world):
    from antq.indicators.services import submission_return

    submission_return(
        by=world.personas.province_approver, submission=world.submission_a, reason="Sai số"
    )
    assert labels(world.personas.officer_a)["Báo cáo bị trả lại, cần sửa"] == 1
    assert "Báo cáo bị trả lại, cần sửa" not in labels(world.personas.officer_b)


def test_the_home_page_shows_the_units_key_figures_with_their_change(world, client):
    import datetime as dt

    import time_machine

    Submission.objects.update(status=Submission.Status.APPROVED)  # figures count approved data
    client.force_login(world.personas.officer_a)
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0), tick=False):
        page = client.get("/").content.decode()
    assert 'id="key-figures"' in page and "Số liệu chính: Phường Hạ Long, Tháng 10/2026" in page
    assert "1/1 báo cáo đã được duyệt" in page
    assert "Tin báo, tố giác do quần chúng cung cấp" in page


def test_units_not_registered_for_the_year_wait_on_their_commune(world):
    from conftest import make_unit

    make_unit(parent=world.tree.commune_a, code="06688-040", name="Khu phố Chưa Đăng Ký")
    label = "Đơn vị chưa đăng ký xây dựng “An toàn về ANTT” năm 2026"
    assert labels(world.personas.officer_a)[label] >= 1
    before_b = labels(world.personas.officer_b).get(label, 0)
    make_unit(parent=world.tree.commune_a, code="06688-041", name="Khu phố Mới Nữa")
    assert labels(world.personas.officer_b).get(label, 0) == before_b  # not B's to register


def test_a_report_not_submitted_or_returned_opens_its_entry_form_in_one_tap(world):
    from datetime import date

    from antq.indicators.services import submission_return

    december = date(2026, 12, 5)
    waiting = {w.label: w for w in waiting_for(world.personas.officer_a, december)}
    url = waiting["Báo cáo tháng 11/2026 chưa nộp, hạn 20/12/2026"].url
    assert url == f"/thong-ke/BC-THANG-XA/{world.tree.commune_a.pk}/202611/"
    submission_return(
        by=world.personas.province_approver, submission=world.submission_a, reason="Sai số"
    )
    returned = {w.label: w for w in waiting_for(world.personas.officer_a)}
    submission = world.submission_a
    assert returned["Báo cáo bị trả lại, cần sửa"].url == (
        f"/thong-ke/BC-THANG-XA/{submission.unit_id}/{submission.period}/"
    )


def test_the_home_page_counts_link_to_the_units_they_count(world, client):
    from django.urls import reverse

    client.force_login(world.personas.province_approver)
    page = client.get("/").content.decode()
    search = reverse("units:unit-search")
    assert f'<a href="{search}?type=residential_area">' in page
    assert f'<a href="{search}?type=school">' in page
