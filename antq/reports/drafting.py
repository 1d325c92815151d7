"""The figures of a movement report, read from live data for a unit (None: the
nation) and a period: per template section, its indicators as sentences (with
the same period last year), its table and its chart. Everything is counted in
the database by the modules' selectors; the result is plain JSON, so a report
keeps the figures it was drafted with and an issued one never changes."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from antq.assessments.models import Assessment
from antq.assessments.selectors import classification_counts, results_for
from antq.awards.selectors import award_counts
from antq.core.periods import MONTHLY, YEARLY, Period, PeriodRange, parse_range
from antq.core.vietnamese import format_date, format_number, format_percent
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import reporting_totals, rollup, series
from antq.maps.report import report_map
from antq.plans.selectors import progress_under
from antq.reports.charts import bar_by_unit, line_over_time
from antq.reports.models import ReportTemplate, TemplateSection
from antq.reports.sentences import number, sentence
from antq.units.models import RESTATED, Unit

MONTHLY_FORM = "BC-THANG-XA"
REFORM_DAY = date(2025, 7, 1)  # communes and provinces merged on 1 July 2025
TOP_UNITS = 25  # bars in a chart by unit: a document page holds about this many
Progress = Callable[[int, int], None]
Span = Period | PeriodRange


def covered_span(period: Period, today: date) -> Span:
    """The months a report for `period` states on `today`: the whole period
    once it has ended; before that, its months that have ended (at least the
    first), so every figure is compared with the same months of last year and
    never a part of this year with the whole of the last."""
    if period.end < today:
        return period
    months = period.parts(MONTHLY)
    ended = [month for month in months if month.end < today]
    return PeriodRange(months[0], ended[-1] if ended else months[0])


def span_label(span: Span) -> str:
    """ "năm 2026", or for the months stated so far "11 tháng đầu năm 2026",
    "từ tháng 7 đến tháng 10/2026"."""
    if isinstance(span, Period):
        return span.label[0].lower() + span.label[1:]
    first, last = span.first.start, span.last.start
    count = len(span.parts(MONTHLY))
    if first.month == 1:
        return f"{count} tháng đầu năm {first.year}"
    if count == 1:
        return f"tháng {first.month}/{first.year}"
    return f"từ tháng {first.month} đến tháng {last.month}/{last.year}"


def _decimal(value) -> str | None:
    return None if value is None else str(Decimal(value).normalize())


def _dashboard_link(code: str, root: Unit | None, period: Span, view: str) -> str:
    query = {"indicator": code, "period": period.id, "view": view}
    if root is not None:
        query["unit"] = root.pk
    return reverse("reports:dashboard") + "?" + urlencode(query)


def _unit_link(name: str, root: Unit | None, **extra) -> str:
    query = {**extra, **({"unit": root.pk} if root else {})}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _lines(section: TemplateSection, root, period, view, indicators) -> list[dict]:
    lines = []
    for code, phrase in section.figure_lines():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        rows = rollup(indicator=indicator, root=root, period=period, view=view, by_child=False)
        current, previous = (rows[0].current, rows[0].previous) if rows else (None, None)
        if not rows and indicator.source:
            current = Decimal(0)  # counted, not reported: nothing recorded means none
        unit = indicator.unit_label
        lines.append(
            {
                "code": code,
                "name": indicator.name,
                "unit": unit,
                "current": _decimal(current),
                "previous": _decimal(previous),
                "sentence": sentence(indicator.name, phrase, current, previous, unit),
                "link": _dashboard_link(code, root, period, view),
            }
        )
    return lines


def _pct(part: int, whole: int) -> str:
    return format_percent(Decimal(part * 100) / whole) if whole else ""


def _results_table(root, year, view) -> dict:
    results = results_for(root=root, year=year, view=view, detail=False)
    rows = [
        [
            "Loại đơn vị",
            "Tổng số",
            "Đăng ký",
            "Tự đánh giá",
            "Được công nhận",
            "Tỷ lệ công nhận",
            "So với năm trước",
        ]
    ]
    # before any recognition decision of the year the rates are not yet known
    decided = any(target.recognized for target in results.targets)
    for target in results.targets:
        change = target.change_pct_points if decided else None
        rows.append(
            [
                target.label,
                format_number(target.units),
                format_number(target.registered),
                format_number(target.assessed),
                format_number(target.recognized) if decided else "",
                format_percent(target.recognized_pct, 1) if decided else "",
                "" if change is None else f"{change:+.1f} điểm".replace(".", ","),
            ]
        )
    pending = "" if decided else " (chưa có quyết định công nhận)"
    return {
        "title": f"Kết quả thực hiện tiêu chuẩn “An toàn về ANTT” năm {year}{pending}",
        "rows": rows,
        "link": _unit_link("assessments:results", root, year=year, view=view),
    }


def _classification(root, year, view) -> dict[str, int]:
    counts = classification_counts(root=root, year=year, view=view)
    return {str(label): counts.get(value, 0) for value, label in Assessment.Classification.choices}


def _classification_table(root, year, view) -> dict:
    counts = _classification(root, year, view)
    whole = sum(counts.values())
    rows = [["Xếp loại phong trào", "Số đơn vị", "Tỷ lệ"]]
    rows += [[str(label), format_number(n), _pct(n, whole)] for label, n in counts.items()]
    rows.append(["Cộng", format_number(whole), "100 %" if whole else ""])
    return {
        "title": f"Xếp loại phong trào năm {year}",
        "rows": rows,
        "link": _unit_link("assessments:results", root, year=year, view=view),
    }


def _awards_table(root, year, view) -> dict:
    pivot: dict[str, dict[str, int]] = {}
    for row in award_counts(root=root, year=year, view=view):
        pivot.setdefault(row["name"], {})[row["recipient_kind"]] = row["count"]
    rows = [["Hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"]]
    total = {"collective": 0, "individual": 0}
    for name, kinds in pivot.items():
        collectives, individuals = kinds.get("collective", 0), kinds.get("individual", 0)
        total["collective"] += collectives
        total["individual"] += individuals
        rows.append([name, format_number(collectives), format_number(individuals),
                     format_number(collectives + individuals)])  # fmt: skip
    rows.append(["Cộng", format_number(total["collective"]), format_number(total["individual"]),
                 format_number(sum(total.values()))])  # fmt: skip
    return {
        "title": f"Khen thưởng trong phong trào năm {year}",
        "rows": rows,
        "link": _unit_link("awards:counts", root, year=year),
    }


def _completeness_table(root, period) -> dict:
    form = ReportForm.objects.filter(code=MONTHLY_FORM).first()
    months = period.parts(MONTHLY)
    rows = [["Báo cáo thống kê tháng", "Phải gửi", "Đã gửi", "Tỷ lệ đã gửi", "Đã duyệt"]]
    if form is not None:
        totals = reporting_totals(form, root, period)
        rows.append(
            [
                form.name,
                format_number(totals["expected"]),
                format_number(totals["submitted"]),
                _pct(totals["submitted"], totals["expected"]),
                format_number(totals["approved"]),
            ]
        )
    return {
        "title": f"Tình hình gửi báo cáo thống kê {span_label(period)}",
        "rows": rows,
        "link": _unit_link("indicators:completeness", root, first=months[0].id, last=months[-1].id),
    }


def _plans_table(root, period) -> dict:
    rows = [["Kế hoạch", "Lượt nhiệm vụ đến hạn", "Đã hoàn thành", "Quá hạn", "Tỷ lệ hoàn thành"]]
    for row in progress_under(root, period.start, period.end):
        plan = row["plan"]
        rows.append(
            [
                f"{plan.number}/{plan.symbol}: {plan.title}",
                format_number(row["total"]),
                format_number(row["done"]),
                format_number(row["overdue"]),
                _pct(row["done"], row["total"]),
            ]
        )
    return {
        "title": f"Thực hiện kế hoạch, nhiệm vụ trọng tâm {span_label(period)}",
        "rows": rows,
        "link": reverse("plans:plan-list"),
    }


def _table(section: TemplateSection, root, period, view) -> dict | None:
    year = period.start.year
    builders = {
        TemplateSection.Table.RESULTS: lambda: _results_table(root, year, view),
        TemplateSection.Table.CLASSIFICATION: lambda: _classification_table(root, year, view),
        TemplateSection.Table.AWARDS: lambda: _awards_table(root, year, view),
        TemplateSection.Table.COMPLETENESS: lambda: _completeness_table(root, period),
        TemplateSection.Table.PLANS: lambda: _plans_table(root, period),
    }
    build = builders.get(section.table)
    return build() if build else None


def _chart(section: TemplateSection, root, period, view, indicators, place) -> dict | None:
    if section.chart == TemplateSection.Chart.CLASSIFICATION:
        counts = _classification(root, period.start.year, view)
        if not any(counts.values()):
            return None
        title = f"Xếp loại phong trào năm {period.start.year} — {place}"
        return {"title": title, "spec": bar_by_unit(title, "đơn vị", list(counts.items()))}
    indicator = indicators.get(section.chart_indicator.upper())
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
    sections = list(template.sections.all())
    codes = {code for s in sections for code, _phrase in s.figure_lines()}
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
                "table": _table(section, root, span, view),
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
        "note": _notes(period, span, view),
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
        now_lines = {line["code"]: line for line in now["lines"]}
        for line in section["lines"]:
            other = now_lines.get(line["code"])
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
