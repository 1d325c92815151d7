"""Roll-ups and completeness (`indicators.completeness`, re-exported), in SQL.
Every figure counts approved reports only (`indicators.approved`).

A roll-up is one query: the values of one indicator for the requested periods
and the same periods a year earlier, filtered by the root's ancestor column,
grouped by the next level down, with both totals computed by conditional
aggregates. Months roll into quarters and years by the indicator's own rule
(sum, average, min, max, last).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Avg, Case, Count, F, Max, Min, Q, Sum, When

from antq.accounts.access import APPROVE, scope_paths
from antq.core.periods import MONTHS_IN, Period, between, parse
from antq.core.vietnamese import collation_key
from antq.indicators.approved import approved_values
from antq.indicators.completeness import Completeness as Completeness
from antq.indicators.completeness import CompletenessSummary as CompletenessSummary
from antq.indicators.completeness import completeness as completeness
from antq.indicators.completeness import completeness_by_province as completeness_by_province
from antq.indicators.completeness import last_due as last_due
from antq.indicators.completeness import reporting_totals as reporting_totals
from antq.indicators.completeness import units_not_submitted as units_not_submitted
from antq.indicators.expressions import codes_in, evaluate
from antq.indicators.models import (
    DataValue,
    Indicator,
    ProvinceTotal,
    ReportForm,
    Submission,
)
from antq.units.models import RESTATED, Unit
from antq.units.placement import placed_under

AGGREGATES = {"sum": Sum, "average": Avg, "min": Min, "max": Max, "last": Sum}
# Aggregations a national roll-up can read from the province totals (sum, count).
TOTALLED = {"sum", "average", "last"}
APPROVED_TOTALS = True  # ProvinceTotal counts approved values only (`indicators.totals`)


class PeriodTooFine(ValueError):
    pass


@dataclass
class RollupRow:
    key: int | None
    name: str
    current: Decimal | None
    previous: Decimal | None

    @property
    def change_pct(self) -> Decimal | None:
        if self.current is None or not self.previous:
            return None
        change = (self.current - self.previous) * 100 / self.previous
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def data_period_type(indicator: Indicator) -> str:
    """The period type values of `indicator` are reported in (its first
    form's), from this process's catalogue snapshot."""
    from antq.indicators.snapshot import catalogue_snapshot  # the snapshot reads validation

    return catalogue_snapshot().period_types.get(indicator.pk, "monthly")


def _periods(indicator: Indicator, period: Period) -> tuple[list[Period], list[Period]]:
    data_type = data_period_type(indicator)
    if MONTHS_IN[period.type] < MONTHS_IN[data_type]:
        raise PeriodTooFine(f"{indicator.code} được báo cáo theo kỳ dài hơn {period.label}.")
    current = period.parts(data_type)
    previous = period.same_period_last_year.parts(data_type)
    if indicator.aggregation == Indicator.Aggregation.LAST:
        return current[-1:], previous[-1:]
    return current, previous


def grouping(root: Unit | None, view: str, *, submitted: bool = False) -> tuple[str, Q]:
    """The column a roll-up groups by (the next level down) and the kernel's
    filter for the values counted under `root`: the province or commune
    column of the view (the roll-up indexes), else the unit's path; approved
    values only, or with `submitted` those waiting for approval too."""
    condition = placed_under(DataValue, root, view) & approved_values(submitted=submitted)
    if root is None:
        return f"{view}_province", condition
    if root.type == Unit.Type.PROVINCE:
        return f"{view}_commune", condition
    return "unit", condition


def _raw_rollup(
    indicator: Indicator,
    root: Unit | None,
    period: Period,
    view: str,
    by_child: bool,
    submitted: bool = False,
) -> dict[int | None, tuple[Decimal | None, Decimal | None]]:
    current, previous = _periods(indicator, period)
    # the nation reads ProvinceTotal, which counts approved values only, like the values' path
    if root is None and indicator.aggregation in TOTALLED and APPROVED_TOTALS and not submitted:
        return _national_rollup(indicator, current, previous, view, by_child)
    group, condition = grouping(root, view, submitted=submitted)
    aggregate = AGGREGATES[indicator.aggregation]
    first = current[0].start
    rows = DataValue.objects.filter(
        indicator=indicator,
        period_type=current[0].type,
        period_start__in=[p.start for p in current + previous],
    ).filter(condition)
    rows = rows.values(group) if by_child else rows.values("indicator")
    rows = rows.annotate(
        current=aggregate(Case(When(period_start__gte=first, then=F("value")))),
        previous=aggregate(Case(When(period_start__lt=first, then=F("value")))),
    )
    key = group if by_child else "indicator"
    return {(row[key] if by_child else None): (row["current"], row["previous"]) for row in rows}


def _national_rollup(
    indicator: Indicator, current: list[Period], previous: list[Period], view: str, by_child: bool
) -> dict:
    """The nation by province from ProvinceTotal: 34 rows per period instead of
    every commune's value. Same results as aggregating the values.

    Written in SQL: it is the dashboard's most frequent read, a handful of
    rows, and the ORM's compiling cost three times the query itself."""
    first = current[0].start
    starts = [p.start for p in current + previous]
    sums = (
        "SUM(CASE WHEN period_start >= %s THEN total END) AS ct, "
        "SUM(CASE WHEN period_start >= %s THEN count END) AS cn, "
        "SUM(CASE WHEN period_start < %s THEN total END) AS pt, "
        "SUM(CASE WHEN period_start < %s THEN count END) AS pn "
        f"FROM {ProvinceTotal._meta.db_table} WHERE indicator_id = %s AND view = %s "
        f"AND period_type = %s AND period_start IN ({', '.join(['%s'] * len(starts))}) "
        "AND count > 0"
    )
    if by_child:
        # by province, each with its name (the roll-up's rows are named: one
        # query less), joined after the sums: 34 lookups by primary key, where
        # grouping by the name too made PostgreSQL sort and merge every row
        sql = (
            "SELECT g.province_id, u.name, g.ct, g.cn, g.pt, g.pn "  # noqa: S608 (names, parameters)
            f"FROM (SELECT province_id, {sums} GROUP BY province_id) g "
            f"JOIN {Unit._meta.db_table} u ON u.id = g.province_id"
        )
    else:
        sql = f"SELECT indicator_id, '', {sums} GROUP BY indicator_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [first] * 4 + [indicator.pk, view, current[0].type, *starts])
        rows = cursor.fetchall()
    places = Decimal(1).scaleb(-ProvinceTotal._meta.get_field("total").decimal_places)

    def decimal(v):  # SQLite sums a decimal column as a float: back to the column's places
        return None if v is None else Decimal(str(v)).quantize(places)

    average = indicator.aggregation == Indicator.Aggregation.AVERAGE

    def pick(t, n):
        t = decimal(t)
        return (t / n if n else None) if average else t

    found = Named(
        {
            (key if by_child else None): (pick(ct, cn), pick(pt, pn))
            for key, _n, ct, cn, pt, pn in rows
        }
    )
    found.names = {key: n for key, n, *_ in rows} if by_child else {}
    return found


class Named(dict):
    """A roll-up's {key: (current, previous)} that read its units' names too."""

    names: dict[int, str]


def rollup(
    *,
    indicator: Indicator,
    root: Unit | None,
    period: Period,
    view: str = RESTATED,
    by_child: bool = True,
    submitted: bool = False,
) -> list[RollupRow]:
    """`indicator` for `period` under `root` (None = the nation), per child unit or
    as one total, with the same period last year. Derived indicators are computed
    from the roll-ups of the indicators in their formula. Approved values only;
    with `submitted`, reports waiting for approval too (a user asked for it)."""
    if indicator.source:
        from antq.indicators.sources import source_of  # reads other apps' selectors

        raw = source_of(indicator.source)(root, period, view, by_child)
    elif indicator.formula:
        parts = {
            code: _raw_rollup(
                Indicator.objects.get(code=code), root, period, view, by_child, submitted
            )
            for code in codes_in(indicator.formula)
        }
        keys = set().union(*parts.values()) if parts else set()
        raw = {}
        for key in keys:
            current = {c: parts[c].get(key, (None, None))[0] for c in parts}
            previous = {c: parts[c].get(key, (None, None))[1] for c in parts}
            raw[key] = (evaluate(indicator.formula, current), evaluate(indicator.formula, previous))
    else:
        raw = _raw_rollup(indicator, root, period, view, by_child, submitted)
    names = getattr(raw, "names", None)
    if names is None:
        names = dict(Unit.objects.filter(pk__in=[k for k in raw if k]).values_list("pk", "name"))
    rows = [
        RollupRow(key, names.get(key, "") if key else "", *_rounded(values))
        for key, values in raw.items()
    ]
    return sorted(rows, key=lambda row: collation_key(row.name))


def _rounded(values: tuple) -> tuple:
    return tuple(None if v is None else Decimal(v).quantize(Decimal("0.01")) for v in values)


def series(
    *,
    indicator: Indicator,
    root: Unit | None,
    first: Period,
    last: Period,
    view: str = RESTATED,
    submitted: bool = False,
) -> list[tuple[Period, Decimal]]:
    """One value per data period from `first` to `last` (for the line chart).
    A source's figures are counted period by period (one query each)."""
    if indicator.source:
        from antq.indicators.sources import source_of

        count = source_of(indicator.source)
        points = []
        for period in between(first, last):
            current = count(root, period, view, False).get(None, (None, None))[0]
            if current is not None:
                points.append((period, Decimal(current).quantize(Decimal("0.01"))))
        return points
    group, condition = grouping(root, view, submitted=submitted)
    del group
    aggregate = AGGREGATES[indicator.aggregation]
    rows = (
        DataValue.objects.filter(
            indicator=indicator,
            period_start__gte=first.start,
            period_start__lte=last.start,
            period_type=first.type,
        )
        .filter(condition)
        .values("period_start")
        .annotate(v=aggregate("value"))
        .order_by("period_start")
    )
    return [
        (Period(row["period_start"], first.type), Decimal(row["v"]).quantize(Decimal("0.01")))
        for row in rows
    ]


def submissions_to_approve(*, user, form: ReportForm | None = None, period: str = ""):
    """Submitted reports waiting for `user`'s approval (reports of the units
    right below the units where they approve), oldest period first; only
    `form`'s or `period`'s when given."""
    paths = scope_paths(user, APPROVE)
    queue = Submission.objects.filter(status=Submission.Status.SUBMITTED).select_related(
        "unit", "form"
    )
    if form is not None:
        queue = queue.filter(form=form)
    if period:
        queue = queue.filter(period=period)
    if paths is None:
        return queue.order_by("period_start", "unit__name_folded")
    condition = Q()
    for path in paths:
        condition |= Q(unit__parent__path=path)
    return queue.filter(condition).order_by("period_start", "unit__name_folded")


def approval_periods(queue) -> list[tuple[Period, int]]:
    """The periods of an approval queue, oldest first, each with how many
    reports wait: one grouped query, however long the queue."""
    rows = queue.order_by("period_start").values_list("period").annotate(n=Count("pk"))
    return [(parse(period), n) for period, n in rows]


def submission_counts(form: ReportForm, root: Unit, period: Period) -> dict[str, int]:
    rows = (
        Submission.objects.filter(form=form, period=period.id, unit__path__prefix=root.path)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


def returned_submissions():
    """Reports sent back to their unit and not submitted again."""
    return Submission.objects.filter(status="returned").select_related("form", "unit")


def rollup_totals(
    *,
    indicators: list[Indicator],
    root: Unit | None,
    period: Period,
    data_type: str,
    view: str = RESTATED,
    submitted: bool = False,
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """Several indicators reported as values (no formula, no source) at once:
    {code: (total for `period`, total for the same period last year)} under
    `root` (None: the nation), each by its own aggregation (a "last" one by
    its last data period), in one query grouped by indicator. `data_type` is
    the period type the values are reported in (their form's). Indicators
    with no value in either period are left out. Raises PeriodTooFine when
    `period` is shorter than `data_type`."""
    from antq.units.placement import placed_under

    if not indicators:
        return {}
    if MONTHS_IN[period.type] < MONTHS_IN[data_type]:
        raise PeriodTooFine(f"Số liệu được báo cáo theo kỳ dài hơn {period.label}.")
    current = period.parts(data_type)
    previous = period.same_period_last_year.parts(data_type)
    last = Q(indicator__aggregation=Indicator.Aggregation.LAST)
    is_current = Q(period_start__gte=current[0].start) & (~last | Q(period_start=current[-1].start))
    is_previous = Q(period_start__lt=current[0].start) & (
        ~last | Q(period_start=previous[-1].start)
    )
    aggregations = {str(i.aggregation) for i in indicators}
    columns = {}
    for name in aggregations:
        aggregate = AGGREGATES[name]
        columns[f"{name}_c"] = aggregate(Case(When(is_current, then=F("value"))))
        columns[f"{name}_p"] = aggregate(Case(When(is_previous, then=F("value"))))
    rows = (
        DataValue.objects.filter(
            placed_under(DataValue, root, view),
            approved_values(submitted=submitted),
            indicator__in=indicators,
            period_type=data_type,
            period_start__in=[p.start for p in current + previous],
        )
        .order_by()
        .values("indicator__code", "indicator__aggregation")
        .annotate(**columns)
    )
    return {
        row["indicator__code"]: (
            row[f"{row['indicator__aggregation']}_c"],
            row[f"{row['indicator__aggregation']}_p"],
        )
        for row in rows
    }
