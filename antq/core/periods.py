"""Reporting periods with DHIS2 ids and Vietnamese labels.

    202507  → Tháng 7/2025        (monthly)
    2025Q3  → Quý III/2025        (quarterly)
    2025S1  → 6 tháng đầu năm 2025 (six-monthly)
    2025    → Năm 2025            (yearly)

A period knows its first and last day, the period of the same type a year
earlier ("so với cùng kỳ"), the one before it, and which periods of a finer
type it contains, so months roll up into quarters and years.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

MONTHLY, QUARTERLY, SIX_MONTHLY, YEARLY = "monthly", "quarterly", "sixmonthly", "yearly"
PERIOD_TYPES = (MONTHLY, QUARTERLY, SIX_MONTHLY, YEARLY)
MONTHS_IN = {MONTHLY: 1, QUARTERLY: 3, SIX_MONTHLY: 6, YEARLY: 12}
TYPE_LABELS = {MONTHLY: "Tháng", QUARTERLY: "Quý", SIX_MONTHLY: "6 tháng", YEARLY: "Năm"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: the years antq keeps data for: a year outside them is a typo (1999 for
#: 2019), and every year field, period and date of an event checks them
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
_PATTERNS = [
    (re.compile(r"^(\d{4})(0[1-9]|1[0-2])$"), MONTHLY),
    (re.compile(r"^(\d{4})Q([1-4])$"), QUARTERLY),
    (re.compile(r"^(\d{4})S([12])$"), SIX_MONTHLY),
    (re.compile(r"^(\d{4})$"), YEARLY),
]


class InvalidPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: date
    type: str

    # cached: an import asks a period for its id and end once per value
    @cached_property
    def end(self) -> date:
        month = self.start.month + MONTHS_IN[self.type] - 1
        year = self.start.year
        return date(year, month, calendar.monthrange(year, month)[1])

    @cached_property
    def id(self) -> str:
        year, month = self.start.year, self.start.month
        if self.type == MONTHLY:
            return f"{year}{month:02d}"
        if self.type == QUARTERLY:
            return f"{year}Q{(month - 1) // 3 + 1}"
        if self.type == SIX_MONTHLY:
            return f"{year}S{(month - 1) // 6 + 1}"
        return f"{year}"

    @property
    def label(self) -> str:
        year, month = self.start.year, self.start.month
        if self.type == MONTHLY:
            return f"Tháng {month}/{year}"
        if self.type == QUARTERLY:
            return f"Quý {ROMAN[(month - 1) // 3 + 1]}/{year}"
        if self.type == SIX_MONTHLY:
            half = "đầu" if month == 1 else "cuối"
            return f"6 tháng {half} năm {year}"
        return f"Năm {year}"

    def __str__(self) -> str:
        return self.id

    def shifted(self, steps: int) -> "Period":
        """The period `steps` periods later (or earlier when negative)."""
        months = self.start.year * 12 + self.start.month - 1 + steps * MONTHS_IN[self.type]
        return Period(date(months // 12, months % 12 + 1, 1), self.type)

    @property
    def previous(self) -> "Period":
        return self.shifted(-1)

    @property
    def same_period_last_year(self) -> "Period":
        return Period(self.start.replace(year=self.start.year - 1), self.type)

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def parts(self, finer: str) -> list["Period"]:
        """The periods of type `finer` inside this one (months of a quarter…)."""
        if MONTHS_IN[finer] > MONTHS_IN[self.type]:
            raise InvalidPeriod(f"{finer} is coarser than {self.type}")
        count = MONTHS_IN[self.type] // MONTHS_IN[finer]
        first = Period(self.start, finer)
        return [first.shifted(i) for i in range(count)]

    def deadline(self, days_after_end: int) -> date:
        return self.end + timedelta(days=days_after_end)


def parse(period_id: str) -> Period:
    """A Period from its DHIS2 id; raises InvalidPeriod with a Vietnamese message."""
    text = (period_id or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year, part = int(match.group(1)), int(match.group(2)) if kind != YEARLY else 1
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidPeriod(
                f"Kỳ “{text}”: năm {year} nằm ngoài các năm antq ghi nhận "
                f"({FIRST_YEAR}–{LAST_YEAR})."
            )
        month = {
            MONTHLY: part,
            QUARTERLY: (part - 1) * 3 + 1,
            SIX_MONTHLY: (part - 1) * 6 + 1,
            YEARLY: 1,
        }[kind]
        return Period(date(year, month, 1), kind)
    raise InvalidPeriod(f"Kỳ “{text}” không hợp lệ (ví dụ: 202507, 2025Q3, 2025S1, 2025).")


def containing(day: date, kind: str) -> Period:
    month = ((day.month - 1) // MONTHS_IN[kind]) * MONTHS_IN[kind] + 1
    return Period(date(day.year, month, 1), kind)


def years_before(day: date, years: int = 1) -> date:
    """The same day `years` earlier (29/02 becomes 28/02)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def between(first: Period, last: Period) -> list[Period]:
    """Every period of `first`'s type from `first` to `last` inclusive."""
    if first.type != last.type:
        raise InvalidPeriod("Hai kỳ phải cùng loại.")
    result, current = [], first
    while current <= last:
        result.append(current)
        current = current.shifted(1)
    return result


@dataclass(frozen=True)
class PeriodRange:
    """Any run of periods, e.g. 202411..202503 (months across a new year)."""

    first: Period
    last: Period

    @cached_property
    def id(self) -> str:
        return f"{self.first.id}..{self.last.id}"

    @property
    def label(self) -> str:
        return f"{self.first.label} – {self.last.label}"

    @property
    def start(self) -> date:
        return self.first.start

    # cached: an import asks a period for its id and end once per value
    @cached_property
    def end(self) -> date:
        return self.last.end

    @property
    def type(self) -> str:
        return self.first.type

    def parts(self, finer: str) -> list[Period]:
        return [p for period in between(self.first, self.last) for p in period.parts(finer)]

    @property
    def same_period_last_year(self) -> "PeriodRange":
        return PeriodRange(self.first.same_period_last_year, self.last.same_period_last_year)


def parse_range(text: str) -> "Period | PeriodRange":
    """A period id, or two ids joined by ".." for a range of the same type."""
    if ".." not in (text or ""):
        return parse(text)
    first, last = (parse(part) for part in text.split("..", 1))
    if first.type != last.type or first > last:
        raise InvalidPeriod(f"Khoảng kỳ “{text}” không hợp lệ (ví dụ: 202411..202503).")
    return PeriodRange(first, last)
