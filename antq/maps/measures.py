"""What colours a map: the measures a person may choose, and their figures
for the units of a map, with the classes of the legend.

- `indicator:<code>`: an indicator of the statistics for a period, approved
  reports' values only;
- `recognition`: the share of units recognised "An toàn về an ninh, trật tự"
  in a year (recognised ÷ units that existed at the year's end);
- `completeness:<form>`: the share of the reports of a form expected in a
  period that were submitted;
- `classification`: the movement's classification in a year (the unit's own,
  else the most frequent among the units below it).

Each figure is grouped under the units of the map in one or two queries,
whatever their number (3,321 communes of the nation included).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from antq.assessments.models import ASSESSED_TYPES, Assessment
from antq.core.periods import MONTHS_IN, InvalidPeriod, Period, PeriodRange, parse_range
from antq.core.vietnamese import format_number, format_percent
from antq.indicators.models import DataValue, Indicator, ReportForm, Submission
from antq.indicators.selectors import AGGREGATES, data_period_type
from antq.maps.geometry import PROVINCE, era_of
from antq.maps.tiles import TODAY
from antq.units.models import PUBLISHED, RESTATED, Unit

RECOGNITION, CLASSIFICATION = "recognition", "classification"
INDICATOR, COMPLETENESS = "indicator", "completeness"
NO_DATA = "Chưa có số liệu"
NO_DATA_COLOUR = "#d9d9d9"
BLUES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
PERCENT_BREAKS = [50, 70, 85, 95]  # five classes of a share in per cent
# ColorBrewer RdYlBu: told apart by colour-blind readers (no red beside
# green); the table beside the map names each class in words too
CLASS_COLOURS = {
    "Xuất sắc": "#2c7bb6",
    "Khá": "#abd9e9",
    "Trung bình": "#fdae61",
    "Yếu": "#d7191c",
}


class MeasureError(ValueError):
    """A measure or its period that cannot be read; the message says why."""


@dataclass
class Measure:
    key: str
    name: str
    kind: str  # "share" (per cent), "number", "category"
    period_kind: str  # "year" or "period"
    unit_label: str = ""


@dataclass
class Figures:
    measure: Measure
    period_label: str
    values: dict[str, float | str | None]  # unit code → figure
    labels: dict[str, str]  # unit code → the figure as read ("87,5 %", "Khá", "—")
    classes: dict[str, str]  # unit code → legend class
    legend: list[tuple[str, str]] = field(default_factory=list)  # (class, colour), in order

    def counts(self) -> dict[str, int]:
        tally = Counter(self.classes.values())
        return {label: tally.get(label, 0) for label, _colour in self.legend}


def measures_for(user) -> list[Measure]:
    """The measures of the map page and `/api/v1/maps/measures`: the same for
    everyone (what a person sees of them is the scope of the map's unit)."""
    result = [
        Measure(RECOGNITION, _("Tỷ lệ đơn vị đạt “An toàn về ANTT”"), "share", "year", "%"),
        Measure(CLASSIFICATION, _("Xếp loại phong trào"), "category", "year"),
    ]
    for form in ReportForm.objects.order_by("code"):
        result.append(
            Measure(
                f"{COMPLETENESS}:{form.code}",
                _("Tỷ lệ báo cáo đã nộp: %(form)s") % {"form": form.name},
                "share",
                "period",
                "%",
            )
        )
    for indicator in Indicator.objects.filter(active=True, formula="", source="").order_by("code"):
        result.append(
            Measure(
                f"{INDICATOR}:{indicator.code}",
                indicator.name,
                "number",
                "period",
                indicator.unit_label,
            )
        )
    return result


def measure_named(user, key: str) -> Measure:
    for measure in measures_for(user):
        if measure.key == key:
            return measure
    raise MeasureError(_("Không có thước đo “%(key)s”.") % {"key": key})


def read_period(measure: Measure, text: str) -> Period | PeriodRange | int:
    """The year of a yearly measure, or the period (202611, 2026Q3, 2026…)."""
    if measure.period_kind == "year":
        try:
            year = int(str(text).strip()[:4])
        except ValueError:
            raise MeasureError(_("Năm không hợp lệ: “%(text)s”.") % {"text": text}) from None
        if not 2000 <= year <= 2100:
            raise MeasureError(_("Năm không hợp lệ: “%(text)s”.") % {"text": text})
        return year
    try:
        return parse_range(str(text))
    except InvalidPeriod as error:
        raise MeasureError(str(error)) from None


def figures(
    *, measure: Measure, period, root: Unit | None, units: list[Unit], as_of: date
) -> Figures:
    """The figure of every unit of a map (`units`, the children of `root`)."""
    kind, _sep, arg = measure.key.partition(":")
    if kind == RECOGNITION:
        raw = _recognition(root, units, period)
        label = _("Năm %(year)s") % {"year": period}
    elif kind == CLASSIFICATION:
        raw = _classification(root, units, period)
        label = _("Năm %(year)s") % {"year": period}
    elif kind == COMPLETENESS:
        raw = _completeness(root, units, ReportForm.objects.get(code=arg), period)
        label = period.label
    else:
        raw = _indicator(root, units, Indicator.objects.get(code=arg), period, as_of)
        label = period.label
    return _classify(measure, label, {u.code: raw.get(u.pk) for u in units})


def _under(units: list[Unit]) -> dict[str, int]:
    return {u.path: u.pk for u in units}


def _owner(paths: dict[str, int], path: str) -> int | None:
    """The unit of the map whose subtree holds `path` (prefixes, shortest first)."""
    position = 1
    while True:
        position = path.find("/", position) + 1
        if position == 0:
            return None
        owner = paths.get(path[:position])
        if owner is not None:
            return owner


def _share(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float((Decimal(part * 100) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _within(root: Unit | None, field: str = "path") -> Q:
    """The root's subtree (one indexed prefix; the nation: everything). Rows
    under no unit of the map are dropped by `_owner`."""
    return Q(**{f"{field}__prefix": root.path}) if root is not None else Q()


def _year_units(root, units: list[Unit], year: int, types) -> Counter:
    day_end = date(year, 12, 31)
    paths = _under(units)
    tally: Counter = Counter()
    rows = Unit.objects.valid_on(day_end).filter(_within(root), type__in=types).values_list("path")
    for (path,) in rows.iterator(chunk_size=5000):
        owner = _owner(paths, path)
        if owner is not None:
            tally[owner] += 1
    return tally


def _assessments(root, year: int):
    return Assessment.objects.filter(campaign__year=year).filter(_within(root, "unit__path"))


def _recognition(root, units: list[Unit], year: int) -> dict[int, float | None]:
    """Recognised ÷ the year's units; no figure where no unit was assessed at
    all that year (no campaign there yet: "no data", not 0 %)."""
    if not units:
        return {}
    existing = _year_units(root, units, year, ASSESSED_TYPES)
    paths = _under(units)
    recognised: Counter = Counter()
    assessed: Counter = Counter()
    rows = _assessments(root, year).values_list("unit__path", "status")
    for path, status, n in rows.annotate(n=Count("id")):
        owner = _owner(paths, path)
        if owner is not None:
            assessed[owner] += n
            if status == Assessment.Status.RECOGNIZED:
                recognised[owner] += n
    return {pk: _share(recognised[pk], existing[pk]) if assessed[pk] else None for pk in existing}


def _classification(root, units: list[Unit], year: int) -> dict[int, str | None]:
    if not units:
        return {}
    paths = _under(units)
    own: dict[int, str] = {}
    below: dict[int, Counter] = {}
    rows = _assessments(root, year).exclude(classification="")
    for unit_id, path, value in rows.values_list("unit_id", "unit__path", "classification"):
        owner = _owner(paths, path)
        if owner is None:
            continue
        if owner == unit_id:
            own[owner] = value
        below.setdefault(owner, Counter())[value] += 1
    order = list(CLASS_COLOURS)
    result: dict[int, str | None] = {}
    for pk in paths.values():
        if pk in own:
            result[pk] = own[pk]
        elif pk in below:
            # the most frequent; a tie goes to the better class
            result[pk] = min(below[pk].items(), key=lambda kv: (-kv[1], order.index(kv[0])))[0]
    return result


def _completeness(root, units: list[Unit], form: ReportForm, period) -> dict[int, float | None]:
    if not units:
        return {}
    parts = period.parts(form.period_type)
    paths = _under(units)
    expected: Counter = Counter()
    for part in parts:
        rows = Unit.objects.filter(_within(root), type__in=form.unit_types).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=part.end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=part.start),
        )
        for (path,) in rows.values_list("path").iterator(chunk_size=5000):
            owner = _owner(paths, path)
            if owner is not None:
                expected[owner] += 1
    received: Counter = Counter()
    submitted = (
        Submission.objects.filter(form=form, period__in=[p.id for p in parts])
        .filter(status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED])
        .filter(_within(root, "unit__path"))
        .values_list("unit__path")
        .annotate(n=Count("id"))
    )
    for path, n in submitted:
        owner = _owner(paths, path)
        if owner is not None:
            received[owner] += n
    return {pk: _share(received[pk], expected[pk]) for pk in expected}


def _indicator(root, units, indicator: Indicator, period, as_of: date) -> dict[int, float | None]:
    """Approved reports' values only, grouped under the units of the map: by
    the province or commune column of the values (restated under today's units
    on a map of today, as published on a map of the past), else by path."""
    if not units:
        return {}
    data_type = data_period_type(indicator)
    if MONTHS_IN[period.type] < MONTHS_IN[data_type]:
        raise MeasureError(
            _("%(name)s được báo cáo theo kỳ dài hơn %(period)s.")
            % {"name": indicator.name, "period": period.label}
        )
    parts = period.parts(data_type)
    if indicator.aggregation == Indicator.Aggregation.LAST:
        parts = parts[-1:]
    view = RESTATED if era_of(as_of) == TODAY else PUBLISHED
    approved = Submission.objects.filter(
        unit=OuterRef("unit"),
        period=OuterRef("period"),
        status=Submission.Status.APPROVED,
        form__lines__indicator=OuterRef("indicator"),
    )
    rows = DataValue.objects.filter(
        indicator=indicator, period_type=data_type, period_start__in=[p.start for p in parts]
    ).filter(Exists(approved))
    level = units[0].type
    aggregate = AGGREGATES[indicator.aggregation]
    if level in {Unit.Type.PROVINCE, Unit.Type.COMMUNE}:
        column = f"{view}_{PROVINCE if level == Unit.Type.PROVINCE else 'commune'}"
        ids = {u.pk for u in units}
        grouped = (
            rows.filter(**{f"{column}__in": ids})
            .values(column)
            .annotate(total=aggregate(F("value")))
        )
        return {row[column]: float(row["total"]) for row in grouped if row["total"] is not None}
    paths = _under(units)
    result: dict[int, float] = {}
    grouped = (
        rows.filter(_within(root, "unit__path"))
        .values("unit__path")
        .annotate(total=aggregate("value"))
    )
    for row in grouped:
        owner = _owner(paths, row["unit__path"])
        if owner is not None and row["total"] is not None:
            result[owner] = result.get(owner, 0.0) + float(row["total"])
    return result


def _classify(measure: Measure, label: str, values: dict) -> Figures:
    labels: dict[str, str] = {}
    classes: dict[str, str] = {}
    if measure.kind == "category":
        legend = [(name, colour) for name, colour in CLASS_COLOURS.items()]
        for code, value in values.items():
            labels[code] = value or "—"
            classes[code] = value if value in CLASS_COLOURS else NO_DATA
    else:
        bounds = _bounds(measure, [v for v in values.values() if v is not None])
        legend = [
            (_range_label(measure, low, high), BLUES[i]) for i, (low, high) in enumerate(bounds)
        ]
        for code, value in values.items():
            if value is None:
                labels[code], classes[code] = "—", NO_DATA
                continue
            labels[code] = _number_label(measure, value)
            index = next(
                (i for i, (_low, high) in enumerate(bounds) if value < high), len(bounds) - 1
            )
            classes[code] = legend[index][0]
    legend.append((NO_DATA, NO_DATA_COLOUR))
    return Figures(measure, label, values, labels, classes, legend)


def _bounds(measure: Measure, present: list[float]) -> list[tuple[float, float]]:
    """Five classes: fixed for a share (below 50 %, 50–70, 70–85, 85–95, 95
    and more), rounded quantiles of the figures for a number."""
    if measure.kind == "share":
        edges = [0.0, *PERCENT_BREAKS, float("inf")]
    else:
        ordered = sorted(present) or [0.0]
        edges = [0.0]
        for q in (0.2, 0.4, 0.6, 0.8):
            edge = _round_nicely(ordered[min(len(ordered) - 1, int(q * len(ordered)))])
            if edge > edges[-1]:
                edges.append(edge)
        edges.append(float("inf"))
    return list(pairwise(edges))


def _round_nicely(value: float) -> float:
    if value <= 10:
        return float(round(value))
    magnitude = 10 ** (len(str(int(value))) - 2)
    return float(round(value / magnitude) * magnitude)


def _number_label(measure: Measure, value: float) -> str:
    if measure.kind == "share":
        return format_percent(value, 1)
    return format_number(value, 0 if value == int(value) else 2)


def _range_label(measure: Measure, low: float, high: float) -> str:
    suffix = " %" if measure.kind == "share" else ""
    if high == float("inf"):
        return _("Từ %(low)s%(suffix)s trở lên") % {"low": format_number(low), "suffix": suffix}
    if low == 0:
        return _("Dưới %(high)s%(suffix)s") % {"high": format_number(high), "suffix": suffix}
    return _("Từ %(low)s đến dưới %(high)s%(suffix)s") % {
        "low": format_number(low),
        "high": format_number(high),
        "suffix": suffix,
    }
