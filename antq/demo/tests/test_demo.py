from decimal import Decimal

import pytest
from django.core.management import call_command

from antq.accounts.access import VIEW
from antq.accounts.models import User
from antq.demo.loaders import COMMUNE_A_CODE, COMMUNE_B_CODE, DEMO_PASSWORD
from antq.reports.models import Report
from antq.units.models import Unit


@pytest.mark.django_db
def test_demo_loads_quang_ninh_personas_and_is_idempotent(capsys):
    """One load of the demo (about 40 s) for both promises: this one, and
    that its year-end report reads like a real one (checked at the end)."""
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "xa.a" in out and DEMO_PASSWORD in out
    units = Unit.objects.count()
    call_command("load_demo")
    assert Unit.objects.count() == units
    demo = Unit.objects.filter(is_demo=True)
    assert demo.count() > 300
    assert not demo.exclude(path__prefix=Unit.objects.get(code="22").path).exists()
    officer_a = User.objects.get(username="xa.a")
    assert officer_a.check_password(DEMO_PASSWORD)
    visible_communes = Unit.objects.for_user(officer_a, VIEW).filter(type="commune")
    # today one commune; the communes of the past it carries are seen too
    assert [u.code for u in visible_communes.current()] == [COMMUNE_A_CODE]
    assert (
        not Unit.objects.for_user(officer_a, VIEW)
        .filter(path__prefix=Unit.objects.get(code=COMMUNE_B_CODE, valid_to__isnull=True).path)
        .exists()
    )
    assert_year_end_report_reads_like_a_real_one()
    assert_demo_data_a_user_believes()
    # the replayed reminders are dated the day each would have come, not today
    from django.utils import timezone

    from antq.reminders.models import Notification

    assert Notification.objects.exists()
    times = [timezone.localtime(n.created_at) for n in Notification.objects.all()]
    assert all(t.hour == 6 and t.date() <= timezone.localdate() for t in times)


def assert_year_end_report_reads_like_a_real_one() -> None:
    """The issued 2025 report compares with a whole 2024 (the demo's statistics
    and activities start in January two years back), so no figure jumps
    tenfold against a month or two of data, and the months before the 2025
    reform count under today's communes without a spike."""
    report = Report.objects.get(unit__code="22", period="2025", status=Report.Status.ISSUED)
    lines = [line for s in report.figures["sections"] for line in s["lines"]]
    compared = [line for line in lines if line["previous"] not in (None, "0")]
    assert len(compared) >= 15
    for line in compared:
        current, previous = Decimal(line["current"]), Decimal(line["previous"])
        assert abs(current - previous) / previous < Decimal("0.6"), line["sentence"]
    for code in ("TP_SO_VU", "TT_BUOI", "NT_TIN_BAO"):
        assert any(line["code"] == code for line in compared), code
    # one number per concept: the outreach the report states is the approved
    # monthly statistic of the same province and months, not the activities counted
    from antq.core.periods import parse_range
    from antq.indicators.models import Indicator
    from antq.indicators.selectors import rollup

    outreach = next(line for line in lines if line["asked"] == "HD_TUYEN_TRUYEN")
    approved = rollup(
        indicator=Indicator.objects.get(code="TT_BUOI"),
        root=report.unit,
        period=parse_range(report.figures["covered"]),
        view=report.figures["view"],
        by_child=False,
    )[0].current
    assert (outreach["code"], outreach["source"]) == ("TT_BUOI", "statistic")
    assert Decimal(outreach["current"]) == approved > 1000


def assert_demo_data_a_user_believes() -> None:
    """No report was submitted in the future, and the people nominated for an
    award are different people."""
    from django.utils import timezone

    from antq.awards.models import Nomination
    from antq.indicators.models import Submission

    assert not Submission.objects.filter(submitted_at__gt=timezone.now()).exists()
    names = list(
        Nomination.objects.filter(recipient_kind="individual").values_list("person_name", flat=True)
    )
    assert len(names) >= 2 and len(set(names)) == len(names), names
