"""The approver judges a figure beside last month's and the same month last
year's, is warned of a tenfold jump, sees the total of a breakdown, and
approves several clean reports in one step (a report with a jump is opened
and judged alone)."""

from django.urls import reverse

from antq.audit.models import AuditEntry
from antq.indicators.models import Submission

from .conftest import put


def _submitted(form, unit, period="202607", start="2026-07-01"):
    return Submission.objects.create(
        form=form, unit=unit, period=period, period_start=start, status="submitted"
    )


def test_each_value_stands_beside_last_month_and_last_year_with_a_tenfold_warning(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_LUOT="1480", TT_BUOI="4")
    put(tree.commune_a, "202606", TT_LUOT="120", TT_BUOI="3")
    put(tree.commune_a, "202507", TT_LUOT="900")
    _submitted(monthly_form, tree.commune_a)
    client.force_login(personas.province_approver)
    page = client.get(
        reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    ).content.decode()
    assert '<th class="num">Tháng 6/2026</th>' in page
    assert '<th class="num">Tháng 7/2025</th>' in page
    row = page[page.index('name="v__TT_LUOT"') :]
    row = row[: row.index("</tr>")]
    assert ">120<" in row and ">900<" in row and "Gấp 10 lần trở lên so với kỳ trước" in row
    assert 'id="jump-warning"' in page


def test_a_breakdown_shows_its_total(client, personas, tree, monthly_form):
    from decimal import Decimal

    from antq.accounts.access import SystemActor
    from antq.core.periods import parse
    from antq.indicators.services import write_values

    write_values(
        by=SystemActor("test"),
        unit=tree.commune_a,
        period=parse("202607"),
        values={"TP_SO_VU": {"trom_cap": Decimal(3), "ma_tuy": Decimal(2)}},
        comments={},
    )
    client.force_login(personas.officer_a)
    page = client.get(
        reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    ).content.decode()
    total = '<strong data-breakdown-total aria-live="polite">5</strong>'
    assert f'<p class="breakdown-total">Tổng: {total}</p>' in page
    assert "data-breakdown>" in page  # added up again as the parts are typed (app.js)


def test_the_approver_approves_several_clean_reports_at_once(client, personas, tree, monthly_form):
    a = _submitted(monthly_form, tree.commune_a)
    b = _submitted(monthly_form, tree.commune_b)
    client.force_login(personas.province_approver)
    listing = client.get(reverse("indicators:approval-list")).content.decode()
    assert f'name="submission" value="{a.pk}"' in listing
    answer = client.post(reverse("indicators:approve-many"), {"submission": [a.pk, b.pk]})
    assert answer.status_code == 302
    assert set(Submission.objects.values_list("status", flat=True)) == {"approved"}
    assert AuditEntry.objects.filter(object_type="indicators.submission").count() == 2


def test_a_report_with_a_tenfold_jump_is_not_approved_with_the_others(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_LUOT="1480")
    put(tree.commune_a, "202606", TT_LUOT="12")
    a = _submitted(monthly_form, tree.commune_a)
    b = _submitted(monthly_form, tree.commune_b)
    client.force_login(personas.province_approver)
    listing = client.get(reverse("indicators:approval-list")).content.decode()
    assert f'name="submission" value="{a.pk}"' not in listing
    client.post(reverse("indicators:approve-many"), {"submission": [a.pk, b.pk]})
    assert set(Submission.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_commune_officer_cannot_approve_another_communes_report_in_bulk(
    client, personas, tree, monthly_form
):
    b = _submitted(monthly_form, tree.commune_b)
    client.force_login(personas.officer_a)
    client.post(reverse("indicators:approve-many"), {"submission": [b.pk]})
    assert Submission.objects.get(pk=b.pk).status == "submitted"
