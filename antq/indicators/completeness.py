"""Completeness of reporting, in SQL: which reports of a form were expected
(from the units that existed in each period, and only in the periods the
form was in use, `ReportForm.in_use_from`), received, on time, approved.
A period before the form was in use expects nothing: the report of a year
before antq says "chưa có dữ liệu", never "0 %"."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Func, IntegerField, Q, Subquery
from django.utils import timezone

from antq.core.periods import Period, containing
from antq.indicators.models import ReportForm, Submission
from antq.units.models import Unit


@dataclass
class Completeness:
    periods: list[Period]
    rows: list[tuple[Unit, list[str]]] = field(default_factory=list)
    totals: list[dict[str, int]] = field(default_factory=list)
    late: list[tuple[Unit, Period, date, str]] = field(default_factory=list)


def _cell(
    form: ReportForm,
    unit: Unit,
    period: Period,
    submission: dict | None,
    deadline: date,
    today: date,
) -> str:
    if not form.in_use(period):
        return "not_expected"
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
    where units are expected only while they existed and only in periods the
    form was in use (`ReportForm.in_use_from`). `late` lists every late or
    missing cell of every period, oldest period first."""
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
            cell = _cell(form, unit, period, submissions.get((unit.pk, period.id)), deadline, today)
            cells.append(cell)
            if cell != "not_expected":
                counts[index]["expected"] += 1
                counts[index][cell] += 1
            if cell in {"late", "missing"}:  # every red or orange cell of the grid
                result.late.append((unit, period, deadline, cell))
        result.rows.append((unit, cells))
    result.totals = counts
    result.late.sort(key=lambda row: (row[1].start, row[0].name_folded))
    return result


def last_due(form: ReportForm, today: date) -> Period:
    """The latest period of `form` whose deadline has passed on `today`: where
    a completeness grid ends by default, so its last column can be late."""
    period = containing(today, form.period_type).previous
    while today <= period.deadline(form.deadline_days):
        period = period.previous
    return period


@dataclass
class CompletenessSummary:
    periods: list[Period]
    rows: list[tuple[Unit, list[dict[str, int]]]] = field(default_factory=list)


def completeness_by_province(
    *, form: ReportForm, periods: list[Period], today: date | None = None
) -> CompletenessSummary:
    """The national view: for each province and period, how many reports were
    expected (units that existed, periods the form was in use), received (on
    time or late) and approved. Two grouped queries."""
    today = today or timezone.localdate()
    expected_counts = {
        f"p{i}": Count(
            "id",
            filter=(Q(valid_from__isnull=True) | Q(valid_from__lte=p.end))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=p.start)),
        )
        for i, p in enumerate(periods)
        if form.in_use(p)
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
                    "expected": counts.get(f"p{index}", 0),
                    "received": sum(got.values()),
                    "approved": got.get(Submission.Status.APPROVED, 0),
                    "due": int(today > period.deadline(form.deadline_days)),
                }
            )
        summary.rows.append((provinces[province_id], cells))
    return summary


def _count(queryset) -> Subquery:
    """`queryset`'s row count as a scalar subquery (one row, no GROUP BY)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def reporting_totals(form: ReportForm, root: Unit | None, period: Period) -> dict[str, int]:
    """For the movement report: reports of `form` expected in `period` under
    `root` (in each of the form's periods the form was in use, the reporting
    units that existed then), how many were submitted and approved, and in
    how many of its periods the form was in use (`in_use`; 0: no data)."""
    parts = [part for part in period.parts(form.period_type) if form.in_use(part)]
    if not parts:
        return {"expected": 0, "submitted": 0, "approved": 0, "in_use": 0}
    units = Unit.objects.filter(type__in=form.unit_types)
    submissions = Submission.objects.filter(form=form, period__in=[p.id for p in parts])
    if root is not None:
        units = units.filter(path__prefix=root.path)
        submissions = submissions.filter(unit__path__prefix=root.path)
    counted = {
        "submitted": submissions.filter(status__in=["submitted", "approved"]),
        "approved": submissions.filter(status="approved"),
    }
    for index, part in enumerate(parts):
        counted[f"p{index}"] = units.filter(
            (Q(valid_from__isnull=True) | Q(valid_from__lte=part.end))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=part.start))
        )
    # One query: each count a scalar subquery, read off the form's own row.
    row = (
        ReportForm.objects.filter(pk=form.pk)
        .values(**{name: _count(qs) for name, qs in counted.items()})
        .get()
    )
    counts = {"submitted": row.pop("submitted"), "approved": row.pop("approved")}
    expected = sum(row.values())
    return {"expected": expected, **counts, "in_use": len(parts)}


def units_not_submitted(form: ReportForm, period: Period):
    """Today's reporting units of `form` whose report for `period` is not
    submitted yet (for the reminders), as a query the caller narrows; none
    for a period before the form was in use."""
    if not form.in_use(period):
        return Unit.objects.none()
    done = Submission.objects.filter(
        form=form, period=period.id, status__in=["submitted", "approved"]
    ).values("unit")
    return Unit.objects.filter(type__in=form.unit_types, valid_to__isnull=True).exclude(pk__in=done)
