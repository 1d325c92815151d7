"""Roll-ups: months into quarters by each indicator's rule, last year's same
period, restated vs published after a merger, and reports expected only from
units that existed."""

from datetime import date
from decimal import Decimal

from antq.core.periods import between, parse
from antq.indicators.models import Indicator, Submission
from antq.indicators.selectors import completeness, rollup, series
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit

from .conftest import put_approved as put


def by_name(rows):
    return {row.name: (row.current, row.previous) for row in rows}


def test_months_sum_into_a_quarter_with_the_same_quarter_last_year(monthly_form, tree):
    for month, n in (("202607", 3), ("202608", 4), ("202609", 5), ("202507", 2)):
        put(tree.commune_a, month, TT_BUOI=n)
    put(tree.commune_b, "202608", TT_BUOI=10)
    rows = rollup(
        indicator=Indicator.objects.get(code="TT_BUOI"), root=tree.province, period=parse("2026Q3")
    )
    assert by_name(rows) == {"Phường Hạ Long": (12, 2), "Phường Bãi Cháy": (10, None)}
    hl = next(r for r in rows if r.name == "Phường Hạ Long")
    assert hl.change_pct == Decimal("500.0")
    total = rollup(
        indicator=Indicator.objects.get(code="TT_BUOI"),
        root=tree.province,
        period=parse("2026Q3"),
        by_child=False,
    )
    assert total[0].current == 22


def test_end_of_period_indicators_take_the_last_month_not_the_sum(monthly_form, tree):
    for month, n in (("202607", 9), ("202608", 10), ("202609", 11)):
        put(tree.commune_a, month, LL_SO_TO=n)
    rows = rollup(
        indicator=Indicator.objects.get(code="LL_SO_TO"), root=tree.province, period=parse("2026Q3")
    )
    assert by_name(rows)["Phường Hạ Long"][0] == 11


def test_average_indicators_average_and_derived_ones_compute_from_totals(monthly_form, tree):
    indicator = Indicator.objects.get(code="TT_LUOT")
    indicator.aggregation = Indicator.Aggregation.AVERAGE
    indicator.save()
    for month, n in (("202607", 100), ("202608", 200), ("202609", 600)):
        put(tree.commune_a, month, TT_LUOT=n, TP_SO_VU=4, TP_KHAM_PHA=3)
    assert (
        by_name(rollup(indicator=indicator, root=tree.province, period=parse("2026Q3")))[
            "Phường Hạ Long"
        ][0]
        == 300
    )
    rate = rollup(
        indicator=Indicator.objects.get(code="TP_TY_LE_KHAM_PHA"),
        root=tree.province,
        period=parse("2026Q3"),
    )
    assert by_name(rate)["Phường Hạ Long"][0] == Decimal("75.00")


def test_merged_units_roll_up_restated_under_successors_and_as_published_under_themselves(
    monthly_form, tree, merged_commune
):
    old, new = merged_commune
    put(old, "202407", TT_BUOI=6)
    put(new, "202507", TT_BUOI=8)
    indicator = Indicator.objects.get(code="TT_BUOI")
    national = rollup(indicator=indicator, root=None, period=parse("202507"))
    assert by_name(national)["Tỉnh Vĩnh Long"] == (8, 6)
    published = rollup(indicator=indicator, root=None, period=parse("202507"), view="published")
    assert by_name(published) == {"Tỉnh Vĩnh Long": (8, None), "Tỉnh Bến Tre": (None, 6)}
    assert [
        (p.id, v)
        for p, v in series(
            indicator=indicator, root=tree.vinh_long, first=parse("202407"), last=parse("202507")
        )
    ] == [("202407", 6), ("202507", 8)]


def test_reports_are_expected_only_from_units_that_existed(monthly_form, tree):
    make_unit(
        parent=tree.province,
        code="06690",
        name="Phường Cao Thắng",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_to=REFORM_2025_CLOSE,
    )
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202507",
        period_start=date(2025, 7, 1),
        status="approved",
    )
    matrix = completeness(
        form=monthly_form,
        root=tree.province,
        periods=between(parse("202506"), parse("202507")),
        today=date(2025, 9, 1),
    )
    cells = {unit.name: row for unit, row in matrix.rows}
    # Cao Thắng closed on 30/06/2025; Hạ Long and Bãi Cháy exist from 01/07/2025.
    assert cells["Phường Cao Thắng"] == ["missing", "not_expected"]
    assert cells["Phường Hạ Long"] == ["not_expected", "approved"]
    assert cells["Phường Bãi Cháy"] == ["not_expected", "missing"]
    # June expects the two communes closed on 30/06 (Cao Thắng, Bạch Đằng); July the new two.
    assert cells["Phường Bạch Đằng"] == ["missing", "not_expected"]
    assert (matrix.totals[0]["expected"], matrix.totals[1]["expected"]) == (2, 2)
    # every red or orange cell of the grid, oldest period first
    assert [(u.name, p.id, d) for u, p, d, _c in matrix.late] == [
        ("Phường Bạch Đằng", "202506", date(2025, 7, 20)),
        ("Phường Cao Thắng", "202506", date(2025, 7, 20)),
        ("Phường Bãi Cháy", "202507", date(2025, 8, 20)),
    ]


def test_recognized_areas_are_counted_from_the_assessment_cycle_not_entered(monthly_form, tree):
    from antq.assessments.models import Assessment, Campaign
    from antq.assessments.services.campaigns import campaign_defaults

    for year in (2025, 2026):
        campaign = Campaign.objects.create(
            province=tree.province, year=year, **campaign_defaults(year)
        )
        Assessment.objects.create(
            campaign=campaign,
            unit=tree.area_a,
            status="recognized",
            restated_province=tree.province,
            restated_commune=tree.commune_a,
        )
    area_b = Campaign.objects.get(year=2026)
    Assessment.objects.create(
        campaign=area_b,
        unit=tree.area_b,
        status="recognized",
        restated_province=tree.province,
        restated_commune=tree.commune_b,
    )
    indicator = Indicator.objects.get(code="KDC_CONG_NHAN")
    assert indicator not in monthly_form.indicators.all()
    rows = by_name(rollup(indicator=indicator, root=tree.province, period=parse("2026")))
    # 2025 was decided in the province: Bãi Cháy had none recognized, which is 0
    assert rows == {"Phường Hạ Long": (1, 1), "Phường Bãi Cháy": (1, 0)}
    # nothing recognized anywhere in 2027 yet: undecided, not zero
    (total,) = rollup(indicator=indicator, root=tree.province, period=parse("2027"), by_child=False)
    assert (total.current, total.previous) == (None, 2)


def test_the_national_view_counts_reports_by_province(monthly_form, tree):
    from antq.indicators.selectors import completeness_by_province

    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202607",
        period_start=date(2026, 7, 1),
        status="approved",
    )
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_b,
        period="202607",
        period_start=date(2026, 7, 1),
        status="draft",
    )
    summary = completeness_by_province(
        form=monthly_form, periods=[parse("202506"), parse("202607")], today=date(2026, 9, 1)
    )
    rows = {province.name: cells for province, cells in summary.rows}
    # June 2025: Phường Bạch Đằng, under a district, still counts for its province.
    assert rows["Tỉnh Quảng Ninh"][0] == {"expected": 1, "received": 0, "approved": 0, "due": 1}
    assert rows["Tỉnh Quảng Ninh"][1] == {"expected": 2, "received": 1, "approved": 1, "due": 1}


def test_any_range_of_months_rolls_up_against_the_same_months_a_year_earlier(monthly_form, tree):
    from antq.core.periods import parse_range

    for month, n in (("202511", 1), ("202512", 2), ("202601", 3), ("202411", 10)):
        put(tree.commune_a, month, TT_BUOI=n)
    rows = rollup(
        indicator=Indicator.objects.get(code="TT_BUOI"),
        root=tree.province,
        period=parse_range("202511..202601"),
    )
    assert by_name(rows)["Phường Hạ Long"] == (6, 10)


def test_a_closed_form_takes_no_more_figures(monthly_form, personas, tree):
    import pytest
    from django.core.exceptions import ValidationError

    from antq.indicators.services import values_save

    monthly_form.is_open = False
    monthly_form.save()
    with pytest.raises(ValidationError, match="đã đóng"):
        values_save(
            by=personas.officer_a,
            form=monthly_form,
            unit=tree.commune_a,
            period=parse("202607"),
            values={"TT_BUOI": {"": Decimal(1)}},
        )
