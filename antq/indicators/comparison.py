"""What an approver needs to judge a figure: beside each value of a report,
the same unit's value last period and in the same period last year, the total
of its breakdown, and a warning when it moved tenfold. A report without such a
jump is "clean": it may be approved with others in one step.

Reads only; every figure is the unit's own stored value (all options summed).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from antq.core.periods import Period, parse
from antq.indicators.models import DataValue, Indicator, Submission

JUMP = 10  # a value ten times the last one, or a tenth of it, is worth a second look


@dataclass(frozen=True)
class Comparison:
    total: Decimal | None  # this period, all options summed
    previous: Decimal | None  # the period before
    last_year: Decimal | None  # the same period a year earlier
    jump: bool  # tenfold up or down from the period before


def is_jump(current: Decimal | None, previous: Decimal | None) -> bool:
    """Tenfold or more, up or down, between two positive values."""
    if current is None or previous is None or current <= 0 or previous <= 0:
        return False
    return max(current, previous) >= JUMP * min(current, previous)


def _totals(units, periods, codes) -> dict[tuple[int, str, str], Decimal]:
    """(unit id, period id, indicator code) → the value summed over options,
    in one query."""
    rows = (
        DataValue.objects.filter(
            unit__in=list(units), period__in=list(periods), indicator__code__in=list(codes)
        )
        .order_by()
        .values_list("unit_id", "period", "indicator__code")
        .annotate(total=Sum("value"))
    )
    return {(unit, period, code): total for unit, period, code, total in rows}


def compare(unit, period: Period, indicators: list[Indicator]) -> dict[str, Comparison]:
    """Each indicator's value for `unit` in `period`, beside last period's and
    last year's, by indicator code."""
    earlier, year_ago = period.previous, period.same_period_last_year
    codes = [i.code for i in indicators]
    totals = _totals([unit.pk], [period.id, earlier.id, year_ago.id], codes)
    result = {}
    for code in codes:
        now = totals.get((unit.pk, period.id, code))
        before = totals.get((unit.pk, earlier.id, code))
        result[code] = Comparison(
            total=now,
            previous=before,
            last_year=totals.get((unit.pk, year_ago.id, code)),
            jump=is_jump(now, before),
        )
    return result


def jumps_by_submission(submissions: list[Submission]) -> dict[int, list[str]]:
    """For each submission, the names of the indicators that moved tenfold
    since the period before (an empty list: a clean report). One query."""
    periods: dict[int, tuple[str, str]] = {}
    for s in submissions:
        current = parse(s.period)
        periods[s.pk] = (current.id, current.previous.id)
    indicators = {
        i.code: i.name
        for i in Indicator.objects.filter(forms__in={s.form_id for s in submissions}).distinct()
    }
    totals = _totals(
        {s.unit_id for s in submissions},
        {p for pair in periods.values() for p in pair},
        indicators,
    )
    found: dict[int, list[str]] = defaultdict(list)
    for s in submissions:
        now, before = periods[s.pk]
        for code, name in indicators.items():
            if is_jump(totals.get((s.unit_id, now, code)), totals.get((s.unit_id, before, code))):
                found[s.pk].append(name)
    return {s.pk: found.get(s.pk, []) for s in submissions}
