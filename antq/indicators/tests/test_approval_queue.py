"""The approval queue: reports waiting for the approver, counted by period,
a page at a time, in the same few queries however long the queue grows."""

import pytest
from django.urls import reverse

from antq.core.periods import parse
from antq.indicators import review_views as views
from antq.indicators.models import Submission
from antq.units.models import Unit
from conftest import make_unit

MONTHS = ("202607", "202608", "202609")


def waiting(tree, monthly_form, communes: int) -> None:
    """`communes` communes of Quảng Ninh, each with three months submitted."""
    for i in range(communes):
        commune = make_unit(
            parent=tree.province,
            code=f"09{i:03d}",
            name=f"Xã Chờ Duyệt {i:02d}",
            type=Unit.Type.COMMUNE,
            kind=Unit.Kind.XA,
        )
        for month in MONTHS:
            period = parse(month)
            Submission.objects.create(
                form=monthly_form,
                unit=commune,
                period=period.id,
                period_start=period.start,
                status=Submission.Status.SUBMITTED,
            )


@pytest.mark.parametrize("communes", [1, 10, 40])
def test_the_queue_costs_the_same_few_queries_however_long(
    client, personas, tree, monthly_form, communes, django_assert_max_num_queries
):
    waiting(tree, monthly_form, communes)
    client.force_login(personas.province_approver)
    client.get(reverse("indicators:approval-list"))  # the session's first read
    with django_assert_max_num_queries(10):
        page = client.get(reverse("indicators:approval-list"))
    html = page.content.decode()
    assert f"{communes * 3} báo cáo chờ duyệt" in html
    assert html.count("Xem và duyệt") == min(communes * 3, views.APPROVAL_PAGE)


def test_the_queue_is_counted_by_period_and_paged_keeping_the_period(
    client, personas, tree, monthly_form, monkeypatch
):
    monkeypatch.setattr(views, "APPROVAL_PAGE", 4)
    waiting(tree, monthly_form, 10)
    client.force_login(personas.province_approver)
    html = client.get(reverse("indicators:approval-list")).content.decode()
    assert "Tháng 7/2026 (10)" in html and "Tháng 9/2026 (10)" in html
    assert "Trang 1/8" in html
    one_month = client.get(reverse("indicators:approval-list"), {"ky": "202608"})
    html = one_month.content.decode()
    assert "10 báo cáo chờ duyệt" in html and "Trang 1/3" in html
    assert "?ky=202608&amp;page=2" in html
    second = client.get(reverse("indicators:approval-list"), {"ky": "202608", "page": 2})
    assert "Trang 2/3" in second.content.decode()
    rows = [s for s in second.context["page"]]
    assert {s.period for s in rows} == {"202608"} and len(rows) == 4


def test_a_commune_officer_has_nothing_to_approve(client, personas, tree, monthly_form):
    waiting(tree, monthly_form, 2)
    client.force_login(personas.officer_a)
    html = client.get(reverse("indicators:approval-list")).content.decode()
    assert "Không có báo cáo chờ duyệt." in html and "approval-periods" not in html
