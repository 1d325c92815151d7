"""Roll-ups and completeness, in SQL.

A roll-up is one query: the values of one indicator for the requested periods
and the same periods a year earlier, filtered by the root's ancestor column,
grouped by the next level down, with both totals computed by conditional
aggregates. Months roll into quarters and years by the indicator's own rule
(sum, average, min, max, last).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, F, Max, Min, Q, Sum, When
from django.utils import timezone

from antq.accounts.access import APPROVE, scope_paths
from antq.core.periods import MONTHS_IN, Period, between, parse
from antq.core.vietnamese import collation_key
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
    """The period type values of `indicator` are reported in (its form's)."""
    form = indicator.forms.order_by("id").first()
    return form.period_type if form else "monthly"


def _periods(indicator: Indicator, period: Period) -> tuple[list[Period], list[Period]]:
    data_type = data_period_type(indicator)
    if MONTHS_IN[period.type] < MONTHS_IN[data_type]:
        raise PeriodTooFine(f"{indicator.code} được báo cáo theo kỳ dài hơn {period.label}.")
    current = period.parts(data_type)
    previous = period.same_period_last_year.parts(data_type)
    if indicator.aggregation == Indicator.Aggregation.LAST:
        return current[-1:], previous[-1:]
    return current, previous


def grouping(root: Unit | None, view: str) -> tuple[str, Q]:
    """The column a roll-up groups by (the next level down) and the kernel's
    filter for the values counted under `root`: the province or commune
    column of the view (the roll-up indexes), else the unit's path."""
    condition = placed_under(DataValue, root, view)
    if root is None:
        return f"{view}_province", condition
    if root.type == Unit.Type.PROVINCE:
        return f"{view}_commune", condition
    return "unit", condition


def _raw_rollup(
    indicator: Indicator, root: Unit | None, period: Period, view: str, by_child: bool
) -> dict[int | None, tuple[Decimal | None, Decimal | None]]:
    current, previous = _periods(indicator, period)
    if root is None and indicator.aggregation in TOTALLED:
        return _national_rollup(indicator, current, previous, view, by_child)
    group, condition = grouping(root, view)
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
    every commune's value. Same results as aggregating the values."""
    first = current[0].start
    is_current, is_previous = Q(period_start__gte=first), Q(period_start__lt=first)
    rows = ProvinceTotal.objects.filter(
        indicator=indicator,
        view=view,
        period_type=current[0].type,
        period_start__in=[p.start for p in current + previous],
        count__gt=0,
    )
    rows = (rows.values("province") if by_child else rows.values("indicator")).annotate(
        ct=Sum("total", filter=is_current),
        cn=Sum("count", filter=is_current),
        pt=Sum("total", filter=is_previous),
        pn=Sum("count", filter=is_previous),
    )
    if indicator.aggregation == Indicator.Aggregation.AVERAGE:

        def pick(t, n):
            return t / n if n else None
    else:

        def pick(t, n):
            return t

    return {
        (row["province"] if by_child else None): (
            pick(row["ct"], row["cn"]),
            pick(row["pt"], row["pn"]),
        )
        for row in rows
    }


def rollup(
    *,
    indicator: Indicator,
    root: Unit | None,
    period: Period,
    view: str = RESTATED,
    by_child: bool = True,
) -> list[RollupRow]:
    """`indicator` for `period` under `root` (None = the nation), per child unit or
    as one total, with the same period last year. Derived indicators are computed
    from the roll-ups of the indicators in their formula."""
    if indicator.source:
        from antq.indicators.sources import source_of  # reads other apps' selectors

        raw = source_of(indicator.source)(root, period, view, by_child)
    elif indicator.formula:
        parts = {
            code: _raw_rollup(Indicator.objects.get(code=code), root, period, view, by_child)
            for code in codes_in(indicator.formula)
        }
        keys = set().union(*parts.values()) if parts else set()
        raw = {}
        for key in keys:
            current = {c: parts[c].get(key, (None, None))[0] for c in parts}
            previous = {c: parts[c].get(key, (None, None))[1] for c in parts}
            raw[key] = (evaluate(indicator.formula, current), evaluate(indicator.formula, previous))
    else:
        raw = _raw_rollup(indicator, root, period, view, by_child)
    names = dict(Unit.objects.filter(pk__in=[k for k in raw if k]).values_list("pk", "name"))
    rows = [
        RollupRow(key, names.get(key, "") if key else "", *_rounded(values))
        for key, values in raw.items()
    ]
    return sorted(rows, key=lambda row: collation_key(row.name))


def _rounded(values: tuple) -> tuple:
    return tuple(None if v is None else Decimal(v).quantize(Decimal("0.01")) for v in values)


def series(
    *, indicator: Indicator, root: Unit | None, first: Period, last: Period, view: str = RESTATED
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
    group, condition = grouping(root, view)
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


@dataclass
class Completeness:
    periods: list[Period]
    rows: list[tuple[Unit, list[str]]] = field(default_factory=list)
    totals: list[dict[str, int]] = field(default_factory=list)
    late: list[tuple[Unit, Period, date, str]] = field(default_factory=list)


def _cell(unit: Unit, period: Period, submission: dict | None, deadline: date, today: date) -> str:
    if not unit.is_valid_on(period.start) and not unit.is_valid_on(period.end):
        return "not_expected"
    if submission is None or submission["status"] in {
        Submission.Status.DRAFT,
        Submission.Status.RETURNED,
    }:
        return "missing" if today > deadline else "pending"
    if submission["status"] == Submission.Status.APPROVED:
        return "approved"
    submitted = (
        timezone.localdate(submission["submitted_at"]) if submission["submitted_at"] else today
    )
    return "on_time" if submitted <= deadline else "late"


def completeness(
    *, form: ReportForm, root: Unit, periods: list[Period], today: date | None = None
) -> Completeness:
    """Reporting units × periods: approved / on time / late / missing / pending,
    where units are expected only while they existed."""
    today = today or timezone.localdate()
    first, last = periods[0], periods[-1]
    units = list(
        Unit.objects.subtree(root)
        .filter(type__in=form.unit_types)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last.end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=first.start),
        )
        .order_by("name_folded")
    )
    submissions = {
        (row["unit_id"], row["period"]): row
        for row in Submission.objects.filter(
            form=form, unit__in=units, period__in=[p.id for p in periods]
        ).values("unit_id", "period", "status", "submitted_at")
    }
    result = Completeness(periods=periods)
    counts = [
        dict.fromkeys(["expected", "approved", "on_time", "late", "missing", "pending"], 0)
        for _period in periods
    ]
    for unit in units:
        cells = []
        for index, period in enumerate(periods):
            deadline = period.deadline(form.deadline_days)
            cell = _cell(unit, period, submissions.get((unit.pk, period.id)), deadline, today)
            cells.append(cell)
            if cell != "not_expected":
                counts[index]["expected"] += 1
                counts[index][cell] += 1
            if cell in {"late", "missing"} and period == last:
                result.late.append((unit, period, deadline, cell))
        result.rows.append((unit, cells))
    result.totals = counts
    return result


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


@dataclass
class CompletenessSummary:
    periods: list[Period]
    rows: list[tuple[Unit, list[dict[str, int]]]] = field(default_factory=list)


def completeness_by_province(
    *, form: ReportForm, periods: list[Period], today: date | None = None
) -> CompletenessSummary:
    """The national view: for each province and period, how many reports were
    expected, received (on time or late) and approved. Two grouped queries."""
    today = today or timezone.localdate()
    expected_counts = {
        f"p{i}": Count(
            "id",
            filter=(Q(valid_from__isnull=True) | Q(valid_from__lte=p.end))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=p.start)),
        )
        for i, p in enumerate(periods)
    }
    # Communes hang under provinces today and under districts before 2025; the
    # grouped rows (a few hundred) are folded into provinces.
    province_of = dict(Unit.objects.filter(type=Unit.Type.DISTRICT).values_list("pk", "parent_id"))
    expected: dict[int, dict[str, int]] = {}
    for row in (
        Unit.objects.filter(type__in=form.unit_types)
        .values("parent_id")
        .annotate(**expected_counts)
    ):
        province = province_of.get(row["parent_id"], row["parent_id"])
        target = expected.setdefault(province, dict.fromkeys(expected_counts, 0))
        for key in expected_counts:
            target[key] += row[key]
    received: dict[tuple, dict[str, int]] = {}
    for row in (
        Submission.objects.filter(form=form, period__in=[p.id for p in periods])
        .exclude(status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED])
        .values("unit__parent_id", "period", "status")
        .annotate(n=Count("id"))
    ):
        province = province_of.get(row["unit__parent_id"], row["unit__parent_id"])
        cell = received.setdefault((province, row["period"]), {})
        cell[row["status"]] = cell.get(row["status"], 0) + row["n"]
    provinces = Unit.objects.in_bulk([key for key in expected if key])
    summary = CompletenessSummary(periods=periods)
    for province_id, counts in sorted(
        expected.items(),
        key=lambda kv: provinces.get(kv[0]).name_folded if provinces.get(kv[0]) else "",
    ):
        if province_id not in provinces or provinces[province_id].type != Unit.Type.PROVINCE:
            continue
        cells = []
        for index, period in enumerate(periods):
            got = received.get((province_id, period.id), {})
            cells.append(
                {
                    "expected": counts[f"p{index}"],
                    "received": sum(got.values()),
                    "approved": got.get(Submission.Status.APPROVED, 0),
                    "due": int(today > period.deadline(form.deadline_days)),
                }
            )
        summary.rows.append((provinces[province_id], cells))
    return summary


def reporting_totals(form: ReportForm, root: Unit | None, period: Period) -> dict[str, int]:
    """For the movement report: reports of `form` expected in `period` under
    `root` (in each of the form's periods, the reporting units that existed
    then), and how many were submitted and approved."""
    parts = period.parts(form.period_type)
    units = Unit.objects.filter(type__in=form.unit_types)
    submissions = Submission.objects.filter(form=form, period__in=[p.id for p in parts])
    if root is not None:
        units = units.filter(path__prefix=root.path)
        submissions = submissions.filter(unit__path__prefix=root.path)
    counts = submissions.aggregate(
        submitted=Count("pk", filter=Q(status__in=["submitted", "approved"])),
        approved=Count("pk", filter=Q(status="approved")),
    )
    existed = {
        f"p{index}": Count(
            "pk",
            filter=(Q(valid_from__isnull=True) | Q(valid_from__lte=part.end))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=part.start)),
        )
        for index, part in enumerate(parts)
    }
    expected = sum(units.aggregate(**existed).values())
    return {"expected": expected, **counts}


def units_not_submitted(form: ReportForm, period: Period):
    """Today's reporting units of `form` whose report for `period` is not
    submitted yet (for the reminders), as a query the caller narrows."""
    done = Submission.objects.filter(
        form=form, period=period.id, status__in=["submitted", "approved"]
    ).values("unit")
    return Unit.objects.filter(type__in=form.unit_types, valid_to__isnull=True).exclude(pk__in=done)


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
