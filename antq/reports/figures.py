"""The one selector through which a report and the public page read a figure
(`figure`, `stated_figure`), so a change in how figures are computed
(approved data only, a precomputed total) changes them all at once.

One number per concept: where the monthly form collects a statistic for what
antq also counts (`indicators.catalogue.COLLECTED_AS`: outreach sessions,
teams, models), the approved statistic is stated and the report says so.
Statistics count approved reports only (`indicators.approved`).

Where the statistic has no approved figure for the period (the form was not
in use then, no report of it was expected, or none is approved yet), the
figure falls back to what antq counts for the same concept, and the line says
so (`source` COUNTED, `instead_of` the statistic): a past year before the
form is still told from its recorded activities, never "chưa có dữ liệu"
beside activities that were recorded."""

from dataclasses import dataclass
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
    """The indicator a report states for `code` when the statistic has data:
    the statistic collected for the same concept when there is one, else
    `code`'s own. `stated_figure` also falls back when it has none."""
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


@dataclass
class Stated:
    """The figure a report states for one concept, and where it comes from."""

    indicator: Indicator
    current: Decimal | None
    previous: Decimal | None
    source: str  # STATISTIC, COUNTED or COMPUTED
    instead_of: Indicator | None = None  # the statistic that had no approved figure


def stated_figure(
    *, code: str, indicators: dict[str, Indicator], root: Unit | None, period: Period, view: str
) -> Stated | None:
    """The figure for the concept `code` under `root` in `period`: the
    approved statistic collected for it when it has an approved figure for
    the period, else what antq counts when it counted any (labelled as
    such); None when neither indicator exists."""
    statistic = indicators.get(COLLECTED_AS.get(code, ""))
    own = indicators.get(code)
    if statistic is not None:
        current, previous = figure(indicator=statistic, root=root, period=period, view=view)
        if current is not None or own is None:
            return Stated(statistic, current, previous, source_of(statistic))
        counted, before = figure(indicator=own, root=root, period=period, view=view)
        if not counted:  # nothing counted either: the statistic's "chưa có dữ liệu"
            return Stated(statistic, current, previous, source_of(statistic))
        return Stated(own, counted, before, source_of(own), instead_of=statistic)
    if own is None:
        return None
    current, previous = figure(indicator=own, root=root, period=period, view=view)
    return Stated(own, current, previous, source_of(own))
