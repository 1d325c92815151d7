"""The statistics dashboard and its charts."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from antq.accounts.access import VIEW, get_for_user, home_units, is_system_admin
from antq.core.dates import future_period_message
from antq.core.periods import InvalidPeriod, between, containing, parse_range
from antq.core.tabular import XLSX_CONTENT_TYPE, Column, write_workbook
from antq.core.vietnamese import collation_key
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import PeriodTooFine, last_due, reporting_totals, rollup, series
from antq.plans.selectors import overdue_for
from antq.reports.charts import bar_by_unit, line_over_time, to_png, to_svg, vega_bundle
from antq.reports.selectors import (
    key_figure_lines,
    key_figures,
    kpis,
    late_dossiers_for,
    waiting_for,
)
from antq.units.forms import UnitSearchForm
from antq.units.models import PUBLISHED, RESTATED, Unit
from antq.units.selectors import units_subtree_counts

HOME_FORM = "BC-THANG-XA"  # the key figures of the home page: the monthly commune form
OVERDUE_SHOWN = 10


@cache_control(max_age=86400, public=True)
def vega_bundle_view(request):
    return HttpResponse(vega_bundle(), content_type="text/javascript; charset=utf-8")


def _context(request) -> dict:
    form = ReportForm.objects.filter(code=request.GET.get("form") or "BC-THANG-XA").first()
    if form is None:
        raise PermissionDenied(_("Chưa có biểu mẫu thống kê."))
    unit_pk = request.GET.get("unit")
    if unit_pk:
        root = get_for_user(Unit.objects.all(), request.user, VIEW, pk=unit_pk)
    elif is_system_admin(request.user):
        root = None
    else:
        root = next(iter(home_units(request.user)), None)
        if root is None:
            raise PermissionDenied(_("Tài khoản chưa được phân công đơn vị."))
    default = last_due(form, timezone.localdate())  # the last month whose reports are due
    try:
        period = parse_range(request.GET.get("period") or default.id)
    except InvalidPeriod as exc:
        period, error = default, str(exc)
    else:
        error = ""
        if future_period_message(period):  # a period not begun has no figures to show
            error = _("%(period)s chưa bắt đầu; đang xem %(default)s.") % {
                "period": period.label,
                "default": default.label.lower(),
            }
            period = default
    view = RESTATED if request.GET.get("view") != PUBLISHED else PUBLISHED
    # reports submitted but not yet approved count only when asked for (marked on the page)
    submitted = request.GET.get("submitted") in {"1", "true", "on"}
    ordered = [line.indicator for line in form.lines.select_related("indicator")]
    indicators = ordered + list(
        Indicator.objects.filter(active=True).exclude(formula="", source="")
    )
    indicator = next(
        (i for i in indicators if i.code == request.GET.get("indicator")), indicators[0]
    )
    try:
        by_child = rollup(
            indicator=indicator, root=root, period=period, view=view, submitted=submitted
        )
    except PeriodTooFine as exc:
        by_child, error = [], str(exc)
    data_type = form.period_type
    last = period.parts(data_type)[-1]
    timeline = series(
        indicator=indicator,
        root=root,
        first=last.shifted(-23),
        last=last,
        view=view,
        submitted=submitted,
    )
    unit_label = indicator.unit_label or indicator.name
    place = root.name if root else _("Toàn quốc")
    bar = bar_by_unit(
        f"{indicator.name} — {period.label}",
        unit_label,
        [(r.name, float(r.current or 0)) for r in by_child],
    )
    line = line_over_time(
        f"{indicator.name} — {place}", unit_label, [(p.id, p.label, float(v)) for p, v in timeline]
    )
    periods = between(default.shifted(-23), default)[::-1]
    totals = reporting_totals(form, root, period)
    return {
        "report_form": form,
        "root": root,
        "place": place,
        "period": period,
        "indicator": indicator,
        "indicators": indicators,
        "view": view,
        "error": error,
        "kpis": kpis(form=form, root=root, period=period, view=view, submitted=submitted),
        "approved": totals,
        "submitted": submitted,
        "waiting": totals["submitted"] - totals["approved"],  # submitted, not yet approved
        "by_child": by_child,
        "timeline": timeline,
        "bar": bar,
        "line": line,
        "periods": periods,
        # a half-year or the months of a report so far, reached from a report's figure
        "period_unlisted": period.id not in {p.id for p in periods} | {str(period.start.year)},
        # a system administrator chooses the province to look at (or the whole country)
        "provinces": _provinces() if is_system_admin(request.user) else [],
    }


def _provinces() -> list[Unit]:
    provinces = Unit.objects.filter(type=Unit.Type.PROVINCE, valid_to__isnull=True)
    return sorted(provinces, key=lambda u: collation_key(u.name))


@login_required
# Vega compiles chart expressions (eval) and its SVG renderer writes style
# attributes; scripts stay our own files, so no inline script runs here either.
@csp_update({"script-src": ["'unsafe-eval'"], "style-src": ["'unsafe-inline'"]})
def dashboard(request):
    context = _context(request)
    export = request.GET.get("export")
    if export == "xlsx":
        return _xlsx(context)
    if export in {"svg", "png"}:
        spec = context["line"] if request.GET.get("chart") == "line" else context["bar"]
        if export == "svg":
            return HttpResponse(to_svg(spec), content_type="image/svg+xml")
        return HttpResponse(to_png(spec), content_type="image/png")
    return render(request, "reports/dashboard.html", context)


def _xlsx(context: dict) -> HttpResponse:
    indicator, period = context["indicator"], context["period"]
    kpi_rows = [
        [
            k.indicator.code,
            k.indicator.name,
            k.indicator.unit_label,
            _num(k.row.current),
            _num(k.row.previous),
            _num(k.row.change_pct),
        ]
        for k in context["kpis"]
    ]
    child_rows = [
        [r.name, _num(r.current), _num(r.previous), _num(r.change_pct)] for r in context["by_child"]
    ]
    time_rows = [[p.id, p.label, _num(v)] for p, v in context["timeline"]]
    content = write_workbook(
        [
            (
                "Chi tieu",
                [
                    Column("c", "Mã"),
                    Column("n", "Chỉ tiêu", width=40),
                    Column("u", "Đơn vị tính"),
                    Column("v", period.label),
                    Column("p", "Cùng kỳ năm trước"),
                    Column("d", "Tăng, giảm (%)"),
                ],
                kpi_rows,
            ),
            (
                "Theo don vi",
                [
                    Column("n", "Đơn vị", width=30),
                    Column("v", period.label),
                    Column("p", "Cùng kỳ năm trước"),
                    Column("d", "Tăng, giảm (%)"),
                ],
                child_rows,
            ),
            (
                "Theo ky",
                [Column("k", "Kỳ"), Column("l", "Nhãn"), Column("v", indicator.name, width=30)],
                time_rows,
            ),
        ],
        title=f"{context['report_form'].name} — {context['place']} — {period.label}",
        notes=[_notes_of(context)],
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bang-dieu-khien-{period.id}.xlsx"'
    return response


def _notes_of(context: dict) -> str:
    approved = context["approved"]
    share = f"{approved['approved']}/{approved['expected']}"
    if context["submitted"]:
        return _(
            "GỒM SỐ LIỆU CHƯA DUYỆT: %(share)s báo cáo đã được duyệt, tính thêm %(waiting)s "
            "báo cáo đã nộp đang chờ duyệt (không tính bản nháp)."
        ) % {"share": share, "waiting": context["waiting"]}
    return _("Chỉ tính số liệu đã được duyệt: %(share)s báo cáo đã được duyệt.") % {"share": share}


def _num(value):
    return "" if value is None else float(value)


@login_required
def home(request):
    """Where a user lands: their units with what they contain, the key figures
    of their first unit, the plan tasks overdue they lead, and a search box.
    What waits on them across antq is read after the page (`waiting`): it
    counts something in every module."""
    units = list(home_units(request.user)[:20])
    tops = [u for u in units if u.depth <= 1]
    cards = [
        {"unit": u, "counts": c} for u, c in zip(tops, units_subtree_counts(tops), strict=True)
    ]
    overdue = list(overdue_for(request.user)[: OVERDUE_SHOWN + 1])
    overdue_count = len(overdue)
    if overdue_count > OVERDUE_SHOWN:
        overdue_count = overdue_for(request.user).count()
    root = units[0] if units else None
    lines = key_figure_lines(HOME_FORM) if root else []
    form = lines[0].form if lines else ReportForm.objects.filter(code=HOME_FORM).first()
    today = timezone.localdate()
    period = last_due(form, today) if form else containing(today, "monthly").previous
    context = {
        "figures": key_figures(form_code=HOME_FORM, root=root, period=period, lines=lines)
        if root
        else [],
        "figures_approved": reporting_totals(form, root, period) if root and form else None,
        "figures_root": root,
        "figures_period": period,
        "cards": cards,
        "others": [u for u in units if u.depth > 1],
        "search_form": UnitSearchForm(),
        "overdue": overdue[:OVERDUE_SHOWN],
        "overdue_count": overdue_count,
        "late_dossiers": late_dossiers_for(request.user),
    }
    return render(request, "reports/home.html", context)


@login_required
def waiting(request):
    """What waits on the user across antq: the home page's card (loaded
    after the page), or a page of its own without htmx."""
    context = {"waiting": waiting_for(request.user)}
    if request.htmx:
        return render(request, "reports/partials/_waiting.html", context)
    return render(request, "reports/waiting.html", context)
