"""The late list lists the late (issue 23, item 4): every red (missing) and
orange (late) cell of the grid's range appears, each linking to its report,
and the range ends by default at the last month whose deadline has passed, so
its last column can be late at all."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from antq.core.periods import parse
from antq.indicators.models import Submission
from antq.indicators.selectors import last_due

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_default_range_ends_at_the_last_month_whose_deadline_has_passed(monthly_form):
    # the 20th of the next month: on 02/12/2026 November is not due yet
    assert last_due(monthly_form, date(2026, 12, 2)).id == "202610"
    assert last_due(monthly_form, date(2026, 12, 21)).id == "202611"
    assert last_due(monthly_form, date(2026, 12, 20)).id == "202610"


def test_every_red_and_orange_cell_is_listed_with_a_link_to_its_report(
    client, personas, tree, monthly_form
):
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202610",
        period_start=date(2026, 10, 1),
        status="approved",
    )
    Submission.objects.create(  # submitted on 25/11, after the 20/11 deadline: orange
        form=monthly_form,
        unit=tree.commune_b,
        period="202610",
        period_start=date(2026, 10, 1),
        status="submitted",
        submitted_at=datetime(2026, 11, 25, 9, tzinfo=HANOI),
    )
    client.force_login(personas.province_approver)
    page = client.get(reverse("indicators:completeness")).content.decode()
    header = re.search(r'id="completeness"><thead><tr>(.*?)</tr>', page).group(1)
    assert re.findall(r"<th>Tháng (\d+)/2026</th>", header) == [
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]  # fmt: skip  (each month in words)
    late = re.search(r'<ul id="late">(.*?)</ul>', page, re.S).group(1)
    assert "Không có" not in late
    red = page.count('<td class="cell missing"')
    orange = page.count('<td class="cell late"')
    assert (orange, red) == (1, 2 * 5)  # October: A approved, B late; May–September: both missing
    assert late.count("<li>") == red + orange
    entry = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_b.pk, "202610"])
    assert f'<a href="{entry}">Phường Bãi Cháy — Tháng 10/2026</a>' in late
    assert "(nộp muộn)" in late
    may_a = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202605"])
    assert may_a in late and client.get(may_a).status_code == 200
    assert parse("202605").label == "Tháng 5/2026"
