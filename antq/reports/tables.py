"""The tables of a movement report, each read by its module's selectors:
results of the safety standard, classification, awards (antq's decisions and
the decisions recorded as already issued), completeness of reporting (only
the months the form was in use), plans' progress and the key tasks of the
next period (section IV), and the review conferences a report names. A year
without data says "chưa có dữ liệu", never 0 %."""

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse

from antq.activities.selectors import conferences_in
from antq.assessments.models import Assessment
from antq.assessments.selectors import classification_counts, results_for
from antq.awards.selectors import award_counts
from antq.core.periods import MONTHLY, Period
from antq.core.vietnamese import format_date, format_number, format_percent
from antq.indicators.models import ReportForm
from antq.indicators.selectors import reporting_totals
from antq.plans.selectors import progress_under, tasks_due_in
from antq.reports.spans import span_label
from antq.units.models import Unit

MONTHLY_FORM = "BC-THANG-XA"
NO_DATA = " (chưa có dữ liệu)"


def unit_link(name: str, root: Unit | None, **extra) -> str:
    query = {**extra, **({"unit": root.pk} if root else {})}
    return reverse(name) + ("?" + urlencode(query) if query else "")


def pct(part: int, whole: int) -> str:
    """A rate in a report's table, to one decimal: 88,9 %."""
    if not whole:
        return ""
    return format_percent((Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP), 1)


def results_table(root, year, view) -> dict:
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
        "link": unit_link("assessments:results", root, year=year, view=view),
    }


def classification(root, year, view) -> dict[str, int]:
    counts = classification_counts(root=root, year=year, view=view)
    return {str(label): counts.get(value, 0) for value, label in Assessment.Classification.choices}


def classification_table(root, year, view) -> dict:
    counts = classification(root, year, view)
    whole = sum(counts.values())
    rows = [["Xếp loại phong trào", "Số đơn vị", "Tỷ lệ"]]
    rows += [[str(label), format_number(n), pct(n, whole)] for label, n in counts.items()]
    rows.append(["Cộng", format_number(whole), "100 %" if whole else ""])
    return {
        "title": f"Xếp loại phong trào năm {year}",
        "rows": rows,
        "link": unit_link("assessments:results", root, year=year, view=view),
    }


def awards_table(root, year, view) -> dict:
    """Awards of the year by form, collective/individual: antq's decisions and
    the decisions recorded as already issued. A year with none says so."""
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
    if pivot:
        rows.append(["Cộng", format_number(total["collective"]),
                     format_number(total["individual"]),
                     format_number(sum(total.values()))])  # fmt: skip
    return {
        "title": f"Khen thưởng trong phong trào năm {year}" + ("" if pivot else NO_DATA),
        "rows": rows,
        "link": unit_link("awards:counts", root, year=year),
    }


def completeness_table(root, period) -> dict:
    """Monthly reports expected, sent and approved; only the months the form
    was in use expect any: a year before it says "chưa có dữ liệu"."""
    form = ReportForm.objects.filter(code=MONTHLY_FORM).first()
    months = period.parts(MONTHLY)
    rows = [["Báo cáo thống kê tháng", "Phải gửi", "Đã gửi", "Tỷ lệ đã gửi", "Đã duyệt"]]
    since = ""
    if form is not None:
        totals = reporting_totals(form, root, period)
        if not totals["in_use"]:
            rows.append([form.name, "", "", "chưa có dữ liệu", ""])
        else:
            rows.append(
                [
                    form.name,
                    format_number(totals["expected"]),
                    format_number(totals["submitted"]),
                    pct(totals["submitted"], totals["expected"]),
                    format_number(totals["approved"]),
                ]
            )
        if totals["in_use"] and totals["in_use"] < len(months) and form.in_use_from:
            since = f" (biểu áp dụng từ ngày {format_date(form.in_use_from)})"
    return {
        "title": f"Tình hình gửi báo cáo thống kê {span_label(period)}{since}",
        "rows": rows,
        "link": unit_link("indicators:completeness", root, first=months[0].id, last=months[-1].id),
    }


def plans_table(root, period, view) -> dict:
    """Progress of the plans issued under `root` (its predecessors' too when
    restated) in the period; a closed issuer's past is never overdue."""
    rows = [["Kế hoạch", "Lượt nhiệm vụ đến hạn", "Đã hoàn thành", "Quá hạn", "Tỷ lệ hoàn thành"]]
    for row in progress_under(root, period.start, period.end, view=view):
        plan = row["plan"]
        rows.append(
            [
                f"{plan.number}/{plan.symbol}: {plan.title}",
                format_number(row["total"]),
                format_number(row["done"]),
                format_number(row["overdue"]),
                pct(row["done"], row["total"]),
            ]
        )
    return {
        "title": f"Thực hiện kế hoạch, nhiệm vụ trọng tâm {span_label(period)}",
        "rows": rows,
        "link": reverse("plans:plan-list"),
    }


def next_tasks_table(root, period: Period, view) -> dict:
    """Section IV: the key tasks of the plans that fall due in the period
    after the report's (the next year for a year-end report), when a plan
    holds any, with their lead and dates."""
    following = period.shifted(1)
    rows = [["Kế hoạch", "TT", "Nhiệm vụ trọng tâm", "Đơn vị chủ trì", "Thời hạn"]]
    for row in tasks_due_in(root, following.start, following.end, view=view):
        plan, task = row["plan"], row["task"]
        rows.append(
            [
                f"{plan.number}/{plan.symbol}",
                str(task.number),
                task.text,
                task.lead.name,
                ", ".join(format_date(day) for day in row["dates"]),
            ]
        )
    label = span_label(following)
    empty = "" if len(rows) > 1 else " (chưa có kế hoạch cho kỳ tới)"
    return {
        "title": f"Nhiệm vụ trọng tâm {label} theo kế hoạch đã ban hành{empty}",
        "rows": rows,
        "link": reverse("plans:plan-list"),
    }


def conference_details(root, span, view) -> list[str]:
    """The review conferences counted in the span, each named with its date,
    the period it reviews, its chair and participants."""
    details = []
    for c in conferences_in(root, span.start, span.end, view=view):
        text = f"{c['title']}, ngày {format_date(c['date'])}"
        if c["reviewed"]:
            text += f" ({c['reviewed'][0].lower()}{c['reviewed'][1:]})"
        if c["chair"]:
            text += f"; chủ trì: {c['chair']}"
        if c["attendance"]:
            text += f"; {format_number(c['attendance'])} người dự"
        details.append(text)
    return details
