"""Keep ProvinceTotal in step with DataValue by atomic increments.

Every write path collects, in a `TotalsDelta`, how much each value it wrote
changed the sum and the count of its (indicator, period, view, province), and
applies them as the last statement of its transaction with one
`INSERT … ON CONFLICT DO UPDATE SET total = total + delta` per key, in a fixed
order. Concurrent writers of one province (every commune saving at the
deadline) then only queue for a short row lock on the shared totals and never
delete or re-insert them, so they never conflict and never deadlock.

The totals count approved values only, like every figure
(`indicators.approved`): a value written while its report is a draft moves
no total; approving a report adds its values (`approval_delta`), reopening
an approved one takes them away again. So the national fast path and the
roll-up from the values always agree.

Only sums and counts are kept: they add up. Minimum and maximum do not (a
deleted maximum cannot be undone by a delta), so national roll-ups of min/max
indicators read the values. `totals_rebuild` recomputes everything (after
restating or a bulk load) and `totals_mismatches` checks the invariant.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum

from antq.indicators.approved import approved_values
from antq.indicators.models import DataValue, ProvinceTotal, Submission

VIEWS = {
    ProvinceTotal.View.RESTATED: "restated_province",
    ProvinceTotal.View.PUBLISHED: "published_province",
}
Key = tuple[int, str, date, str, int]  # indicator id, period type, start, view, province id
KEY_COLUMNS = ("indicator_id", "period_type", "period_start", "view", "province_id")
# what a value's place in the totals depends on
GROUPED = (
    "indicator_id", "period_type", "period_start", "restated_province_id", "published_province_id"
)  # fmt: skip


class TotalsDelta:
    """Changes to province totals gathered while values are written."""

    def __init__(self) -> None:
        self._rows: dict[Key, list] = defaultdict(lambda: [Decimal(0), 0])

    def __bool__(self) -> bool:
        return any(total or count for total, count in self._rows.values())

    def add(
        self,
        *,
        indicator_id: int,
        period_type: str,
        period_start: date,
        place: dict,
        old: Decimal | None,
        new: Decimal | None,
    ) -> None:
        """Record one value going from `old` to `new` (None = absent)."""
        total = (new or Decimal(0)) - (old or Decimal(0))
        count = (new is not None) - (old is not None)
        if not total and not count:
            return
        for view, column in VIEWS.items():
            province_id = place.get(f"{column}_id")
            if province_id is None:
                continue
            row = self._rows[(indicator_id, period_type, period_start, view, province_id)]
            row[0] += total
            row[1] += count

    def add_sum(
        self,
        *,
        indicator_id: int,
        period_type: str,
        period_start: date,
        place: dict,
        total: Decimal,
        count: int,
    ) -> None:
        """Record `count` values that together move the sum by `total`."""
        for view, column in VIEWS.items():
            province_id = place.get(f"{column}_id")
            if province_id is not None:
                row = self._rows[(indicator_id, period_type, period_start, view, province_id)]
                row[0] += total
                row[1] += count

    def add_changes(
        self, period_type: str, period_start: date, place: dict, changes: list[tuple]
    ) -> None:
        """`add` for many values of one unit and period: (indicator id, old, new)."""
        keys = [
            (view, province_id)
            for view, column in VIEWS.items()
            if (province_id := place.get(f"{column}_id")) is not None
        ]
        rows = self._rows
        for indicator_id, old, new in changes:
            total = (new or 0) - (old or 0)
            count = (new is not None) - (old is not None)
            if not total and not count:
                continue
            for view, province_id in keys:
                row = rows[(indicator_id, period_type, period_start, view, province_id)]
                row[0] += total
                row[1] += count

    def apply(self) -> int:
        """Add the gathered changes to the totals; returns the keys touched.
        Call it last in the writing transaction: the row locks it takes are held
        until commit."""
        ops = connection.ops
        rows = [
            (
                indicator_id,
                period_type,
                ops.adapt_datefield_value(start),
                view,
                province_id,
                ops.adapt_decimalfield_value(total),
                count,
            )
            for (indicator_id, period_type, start, view, province_id), (total, count) in sorted(
                self._rows.items()
            )
            if total or count
        ]
        if not rows:
            return 0
        q = ops.quote_name
        table, key = q(ProvinceTotal._meta.db_table), ", ".join(map(q, KEY_COLUMNS))
        total, count = q("total"), q("count")
        sql = (
            f"INSERT INTO {table} ({key}, {total}, {count}) "  # noqa: S608 (names from the model)
            "VALUES (%s, %s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{total} = {table}.{total} + excluded.{total}, "
            f"{count} = {table}.{count} + excluded.{count}"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        self._rows.clear()
        return len(rows)


def counted_indicators(pairs: Iterable[tuple[int, str]]) -> set[tuple[int, str, int]]:
    """Of the (unit id, period id) `pairs`, the (unit id, period id, indicator
    id) whose values count in the totals: their report is approved on a form
    carrying the indicator. One query; none for no pairs."""
    pairs = set(pairs)
    if not pairs:
        return set()
    # the units and periods as two IN lists, the pairs picked here: an OR of
    # thousands of pairs cost an import batch more to compile than to run
    units, periods = {u for u, _p in pairs}, {p for _u, p in pairs}
    rows = Submission.objects.filter(
        unit_id__in=units, period__in=periods, status=Submission.Status.APPROVED
    ).values_list("unit_id", "period", "form__lines__indicator")
    return {row for row in rows if row[2] is not None and row[:2] in pairs}


def approval_delta(
    submissions: Iterable[Submission], *, counting: bool, delta: TotalsDelta | None = None
) -> TotalsDelta:
    """The change to the totals when `submissions` start counting (approved,
    `counting`) or stop (an approved report reopened): their values, except
    those already counted through another approved report of the same unit
    and period. Call it once the submissions' status is saved; apply the
    result last in the transaction.

    One grouped query whatever the number of reports (a page of the approval
    queue approved at once): the values are summed in the database, and a
    value carried by two of the reports moving is counted once."""
    delta = TotalsDelta() if delta is None else delta
    submissions = list(submissions)
    if not submissions:
        return delta
    ids = [s.pk for s in submissions]
    # a report carrying the value: same unit and period, a line of its form
    carrying = Submission.objects.filter(
        unit_id=OuterRef("unit_id"),
        period=OuterRef("period"),
        form__lines__indicator=OuterRef("indicator_id"),
    )
    sums = (
        DataValue.objects.filter(  # two IN lists reach the report's values by their index
            unit_id__in={s.unit_id for s in submissions},
            period__in={s.period for s in submissions},
        )
        .filter(Exists(carrying.filter(pk__in=ids)))
        .exclude(Exists(carrying.filter(status=Submission.Status.APPROVED).exclude(pk__in=ids)))
        .values(*GROUPED)
        .annotate(total=Sum("value"), count=Count("id"))
        .values_list(*GROUPED, "total", "count")
        .order_by()
    )
    sign = 1 if counting else -1
    for indicator_id, period_type, start, restated, published, total, count in sums:
        delta.add_sum(
            indicator_id=indicator_id,
            period_type=period_type,
            period_start=start,
            place={"restated_province_id": restated, "published_province_id": published},
            total=sign * total,
            count=sign * count,
        )
    return delta


def _aggregated(column: str):
    return (
        DataValue.objects.filter(~Q(**{f"{column}_id": None}), approved_values())
        .values("indicator", "period_type", "period_start", column)
        .annotate(t=Sum("value"), n=Count("id"))
    )


@transaction.atomic
def totals_rebuild() -> int:
    """Recompute every total from the approved values (one grouped query per
    view)."""
    ProvinceTotal.objects.all().delete()
    created = 0
    for view, column in VIEWS.items():
        rows = (
            ProvinceTotal(
                indicator_id=r["indicator"],
                period_type=r["period_type"],
                period_start=r["period_start"],
                view=view,
                province_id=r[column],
                total=r["t"],
                count=r["n"],
            )
            for r in _aggregated(column).iterator()
        )
        created += len(ProvinceTotal.objects.bulk_create(rows, batch_size=5000))
    return created


def totals_mismatches() -> list[Key]:
    """Keys whose stored total or count differs from the values (empty when the
    invariant holds). Rows whose count went back to 0 are equal to no row."""
    expected: dict[Key, tuple[Decimal, int]] = {}
    for view, column in VIEWS.items():
        for r in _aggregated(column).iterator():
            key = (r["indicator"], r["period_type"], r["period_start"], view, r[column])
            expected[key] = (Decimal(r["t"]).quantize(Decimal("0.0001")), r["n"])
    stored: dict[Key, tuple[Decimal, int]] = {}
    for r in ProvinceTotal.objects.filter(count__gt=0).values_list(
        "indicator", "period_type", "period_start", "view", "province", "total", "count"
    ):
        stored[r[:5]] = (Decimal(r[5]).quantize(Decimal("0.0001")), r[6])
    return sorted(k for k in expected.keys() | stored.keys() if expected.get(k) != stored.get(k))
