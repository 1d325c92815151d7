"""The figures of a movement report, read from live data for a unit (None: the
nation) and a period: per template section, its indicators as sentences (with
the same period last year), its table (`reports.tables`) and its chart.
Everything is counted in the database by the modules' selectors; the result
is plain JSON, so a report keeps the figures it was drafted with and an
issued one never changes.

A figure the modules hold no data for is "chưa có dữ liệu", never 0; the
conference count names the review conferences of the period (date, the
period they review, chair, participants)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from antq.activities.reviews import CONFERENCE_KIND
from antq.core.periods import MONTHLY, YEARLY, Period, parse_range
from antq.core.vietnamese import format_date
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import reporting_totals, rollup, series
from antq.maps.report import report_map
from antq.reports.charts import bar_by_unit, line_over_time
from antq.reports.figures import COUNTED, STATISTIC, codes_stated, stated, stated_figure
from antq.reports.models import ReportTemplate, TemplateSection
from antq.reports.sentences import number, sentence
from antq.reports.spans import Span, covered_span, span_label
from antq.reports.tables import (
    awards_table,
    classification,
    classification_table,
    completeness_table,
    conference_details,
    next_tasks_table,
    plans_table,
    results_table,
)
from antq.units.models import RESTATED, Unit

__all__ = ["covered_span", "differences", "draft_figures", "span_label"]

REFORM_DAY = date(2025, 7, 1)  # communes and provinces merged on 1 July 2025
STATISTICS_FORM = "BC-THANG-XA"  # the monthly form whose approved reports the statistics come from
TOP_UNITS = 25  # bars in a chart by unit: a document page holds about this many
Progress = Callable[[int, int], None]


def _decimal(value) -> str | None:
    """A figure as plain digits ("1500", "7.5"), never an exponent ("1.5E+3")."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def _dashboard_link(code: str, root: Unit | None, period: Span, view: str) -> str:
    query = {"indicator": code, "period": period.id, "view": view}
    if root is not None:
        query["unit"] = root.pk
    return reverse("reports:dashboard") + "?" + urlencode(query)


def _lines(section: TemplateSection, root, period, view, indicators) -> list[dict]:
    lines = []
    for asked, phrase in section.figure_lines():
        # the approved statistic when one is collected and approved, else the count
        found = stated_figure(
            code=asked, indicators=indicators, root=root, period=period, view=view
        )
        if found is None:
            continue
        indicator, current, previous = found.indicator, found.current, found.previous
        code = indicator.code
        unit = indicator.unit_label
        line = {
            "code": code,
            "asked": asked,
            "source": found.source,
            "name": indicator.name,
            "unit": unit,
            "current": _decimal(current),
            "previous": _decimal(previous),
            "sentence": sentence(indicator.name, phrase, current, previous, unit),
            "link": _dashboard_link(code, root, period, view),
        }
        if found.instead_of is not None:  # the statistic had no approved figure
            line["instead_of"] = found.instead_of.name
        if indicator.source == CONFERENCE_SOURCE:  # the report names its conferences
            line["details"] = conference_details(root, period, view)
        lines.append(line)
    return lines


CONFERENCE_SOURCE = f"activities.kind:{CONFERENCE_KIND}"


def _table(section: TemplateSection, root, span, view, period: Period) -> dict | None:
    year = span.start.year
    builders = {
        TemplateSection.Table.RESULTS: lambda: results_table(root, year, view),
        TemplateSection.Table.CLASSIFICATION: lambda: classification_table(root, year, view),
        TemplateSection.Table.AWARDS: lambda: awards_table(root, year, view),
        TemplateSection.Table.COMPLETENESS: lambda: completeness_table(root, span),
        TemplateSection.Table.PLANS: lambda: plans_table(root, span, view),
        TemplateSection.Table.NEXT_TASKS: lambda: next_tasks_table(root, period, view),
    }
    build = builders.get(section.table)
    return build() if build else None


def _chart(section: TemplateSection, root, period, view, indicators, place) -> dict | None:
    if section.chart == TemplateSection.Chart.CLASSIFICATION:
        counts = classification(root, period.start.year, view)
        if not any(counts.values()):
            return None
        title = f"Xếp loại phong trào năm {period.start.year} — {place}"
        return {"title": title, "spec": bar_by_unit(title, "đơn vị", list(counts.items()))}
    indicator = stated(section.chart_indicator.upper(), indicators)
    if indicator is None or not section.chart:
        return None
    label = indicator.unit_label or indicator.name
    if section.chart == TemplateSection.Chart.BAR:
        if root is not None and root.type not in {Unit.Type.PROVINCE, Unit.Type.COMMUNE}:
            return None
        # units that reported in the period: a commune's predecessors only
        # have last year's figures, and one bar compares nothing
        rows = [
            r for r in rollup(indicator=indicator, root=root, period=period, view=view)
            if r.current is not None
        ]  # fmt: skip
        if len(rows) < 2:
            return None
        ranked = sorted(rows, key=lambda r: (-r.current, r.name))
        shown = ranked[:TOP_UNITS]
        suffix = f" ({len(shown)} đơn vị cao nhất)" if len(ranked) > TOP_UNITS else ""
        title = f"{indicator.name} {span_label(period)} theo đơn vị{suffix}"
        values = [(r.name, float(r.current)) for r in shown]
        return {"title": title, "spec": bar_by_unit(title, label, values)}
    last = period.parts(MONTHLY)[-1]
    points = series(indicator=indicator, root=root, first=last.shifted(-23), last=last, view=view)
    title = f"{indicator.name} 24 tháng đến {last.label.lower()} — {place}"
    values = [(p.id, p.label, float(v)) for p, v in points]
    return {"title": title, "spec": line_over_time(title, label, values)}


def _sources(drafted: list[dict], root: Unit | None, span: Span) -> str:
    """Which source the figures use: approved monthly statistics (with how
    many reports were approved) and what antq counts from its records."""
    sources = {line["source"] for section in drafted for line in section["lines"]}
    notes = []
    form = ReportForm.objects.filter(code=STATISTICS_FORM).first()
    label = span_label(span)
    if STATISTIC in sources and form is not None:
        totals = reporting_totals(form, root, span)
        if totals["expected"]:
            notes.append(
                f"Số liệu thống kê lấy từ báo cáo tháng đã được duyệt "
                f"({number(totals['approved'])}/{number(totals['expected'])} báo cáo {label} "
                "đã được duyệt); báo cáo chưa duyệt không được tính."
            )
        else:  # the form was not in use then (or no reporting unit existed): never "0/0"
            notes.append(
                f"{label[:1].upper()}{label[1:]} chưa áp dụng báo cáo thống kê tháng: "
                "các chỉ tiêu thống kê chưa có dữ liệu."
            )
    instead = [
        line["instead_of"].lower()
        for section in drafted
        for line in section["lines"]
        if line.get("instead_of")
    ]
    if instead:
        notes.append(
            f"{label[:1].upper()}{label[1:]} chưa có số liệu thống kê "
            f"được duyệt về {', '.join(instead)}: các số này được đếm từ hoạt động ghi nhận "
            "trong hệ thống."
        )
    if COUNTED in sources:
        notes.append(
            "Số hội nghị, hoạt động, mô hình, khen thưởng và kết quả “An toàn về ANTT” được "
            "đếm từ dữ liệu ghi nhận trong hệ thống."
        )
    return " ".join(notes)


def _notes(period: Period, span: Span, view: str) -> str:
    notes = []
    if span != period:
        notes.append(
            f"Kỳ báo cáo chưa kết thúc: số liệu tính từ ngày {format_date(span.start)} đến ngày "
            f"{format_date(span.end)} ({span_label(span)}), so sánh với cùng kỳ năm "
            f"{span.start.year - 1}."
        )
    if view == RESTATED and span.start < REFORM_DAY:
        notes.append(
            "Số liệu của các đơn vị hành chính trước khi sắp xếp năm 2025 được tính vào "
            "đơn vị hiện nay (số liệu quy đổi)."
        )
    elif view == RESTATED and span.same_period_last_year.start < REFORM_DAY:
        notes.append(
            f"Số liệu cùng kỳ năm {span.start.year - 1} của các đơn vị hành chính trước khi "
            "sắp xếp được tính vào đơn vị hiện nay (số liệu quy đổi)."
        )
    return " ".join(notes)


def _closed_unit_note(root: Unit | None) -> str:
    """A closed unit's report is drafted today from what was entered since:
    say so, so nobody takes it for the document the unit issued then."""
    if root is None or root.valid_to is None:
        return ""
    return (
        f"{root.name} hoạt động đến ngày {format_date(root.valid_to)}. Báo cáo này được lập "
        f"ngày {format_date(timezone.localdate())} từ số liệu đã nhập vào antq, tính theo các "
        f"đơn vị khi đó (như đã công bố); không phải văn bản {root.name} đã ban hành."
    )


def draft_figures(
    *,
    template: ReportTemplate,
    root: Unit | None,
    period: Period,
    view: str = RESTATED,
    covered: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Every section's figures for `root` and `period`, as JSON. They cover
    `covered` (a period or range id, as stored by an earlier draft) or else
    what `covered_span` allows today."""
    span = parse_range(covered) if covered else covered_span(period, timezone.localdate())
    # a six-month report leaves out what has no meaning mid-year
    sections = [s for s in template.sections.all() if s.applies_to(period.id)]
    codes = codes_stated(code for s in sections for code, _phrase in s.figure_lines())
    codes |= {s.chart_indicator.upper() for s in sections if s.chart_indicator}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    place = root.name if root else "Toàn quốc"
    drafted = []
    for index, section in enumerate(sections):
        if progress:
            progress(index, len(sections))
        drafted.append(
            {
                "key": section.key,
                "number": section.number,
                "heading": section.heading,
                "level": section.level,
                "placeholder": section.placeholder,
                "lines": _lines(section, root, span, view, indicators),
                "table": _table(section, root, span, view, period),
                "chart": _chart(section, root, span, view, indicators, place),
                # the results section of a year's report: its map (antq.maps)
                "map": report_map(root=root, year=span.start.year)
                if section.table == TemplateSection.Table.RESULTS and period.type == YEARLY
                else None,
            }
        )
    if progress:
        progress(len(sections), len(sections))
    return {
        "unit": place,
        "period": period.id,
        "period_label": period.label,
        "covered": span.id,
        "covered_label": span_label(span),
        "view": view,
        "note": " ".join(
            filter(
                None,
                [
                    _closed_unit_note(root),
                    _notes(period, span, view),
                    _sources(drafted, root, span),
                ],
            )
        ),
        "drafted_at": timezone.now().isoformat(),
        "sections": drafted,
    }


def differences(frozen: dict, live: dict) -> list[dict]:
    """The figures that would read differently today: each indicator whose
    value changed, and each table cell that changed, with then and now."""
    changed = []
    live_sections = {s["key"]: s for s in live.get("sections", [])}
    for section in frozen.get("sections", []):
        now = live_sections.get(section["key"])
        if now is None:
            continue
        # a line is one concept: the count it fell back to and the statistic are one
        now_lines = {line.get("asked", line["code"]): line for line in now["lines"]}
        for line in section["lines"]:
            other = now_lines.get(line.get("asked", line["code"]))
            if other and other["current"] != line["current"]:
                changed.append(
                    {
                        "section": f"{section['number']}. {section['heading']}",
                        "what": line["name"],
                        "then": number(_number_or_none(line["current"]), line["unit"]),
                        "now": number(_number_or_none(other["current"]), other["unit"]),
                        "link": other["link"],
                    }
                )
        table, now_table = section.get("table"), now.get("table")
        if table and now_table and table["rows"] != now_table["rows"]:
            changed.extend(_table_changes(section, table, now_table))
    return changed


def _number_or_none(text):
    """A figure as `_decimal` stored it (Python's own notation, "1E+1" included)."""
    return None if text is None else Decimal(text)


def _table_changes(section: dict, table: dict, now_table: dict) -> list[dict]:
    header, changes = table["rows"][0], []
    now_rows = {row[0]: row for row in now_table["rows"][1:]}
    for row in table["rows"][1:]:
        other = now_rows.get(row[0], [""] * len(row))
        for column, (then, now) in enumerate(zip(row, other, strict=False)):
            if column and then != now:
                changes.append(
                    {
                        "section": f"{section['number']}. {section['heading']}",
                        "what": f"{table['title']}: {row[0]} — {header[column]}",
                        "then": then,
                        "now": now,
                        "link": now_table["link"],
                    }
                )
    return changes
