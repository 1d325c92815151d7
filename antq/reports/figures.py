"""The one selector through which a report and the public page read a figure
(`figure`), so a change in how figures are computed (approved data only, a
precomputed total) changes them all at once.

One number per concept: where the monthly form collects a statistic for what
antq also counts (`indicators.catalogue.COLLECTED_AS`: outreach sessions,
teams, models), the approved statistic is stated and the report says so.
Statistics count approved reports only (`indicators.approved`)."""

from decimal import Decimal

from antq.core.periods import Period
from antq.indicators.catalogue import COLLECTED_AS
from antq.indicators.models import Indicator
from antq.indicators.selectors import rollup
from antq.units.models import Unit

STATISTIC = "statistic"  # reported on a form, approved
COUNTED = "counted"  # counted from antq's own records (activities, registers)
COMPUTED = "computed"  # a formula of statistics


def codes_stated(codes) -> set[str]:
    """The indicator codes to load for `codes`: each with its statistic."""
    codes = set(codes)
    return codes | {COLLECTED_AS[c] for c in codes if c in COLLECTED_AS}


def stated(code: str, indicators: dict[str, Indicator]) -> Indicator | None:
    """The indicator a report states for `code`: the statistic collected for
    the same concept when there is one, else `code`'s own."""
    return indicators.get(COLLECTED_AS.get(code, "")) or indicators.get(code)


def source_of(indicator: Indicator) -> str:
    if indicator.source:
        return COUNTED
    return COMPUTED if indicator.formula else STATISTIC


def figure(
    *, indicator: Indicator, root: Unit | None, period: Period, view: str
) -> tuple[Decimal | None, Decimal | None]:
    """`indicator` under `root` for `period` and the same period last year.
    A count with nothing recorded is 0; a statistic without an approved
    report is None ("chưa có dữ liệu")."""
    rows = rollup(indicator=indicator, root=root, period=period, view=view, by_child=False)
    current, previous = (rows[0].current, rows[0].previous) if rows else (None, None)
    if not rows and indicator.source:
        current = Decimal(0)  # counted, not reported: nothing recorded means none
    return current, previous
