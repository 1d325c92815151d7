"""The movement's public page per province, `/cong-khai/<province code>/`, no
login: the figures of this year and last year, the recognized communes and
residential areas, the festival sites and the activities marked public.
Never a person's name, never a figure below the commune; cached, light
enough for a phone on a weak connection.

A province closed in a reform keeps its page, archived under today's
province carrying it (`/cong-khai/86/luu-tru/83/`: Tỉnh Bến Tre under Tỉnh
Vĩnh Long), with its figures as published up to its last day and a note that
says so; its old address leads there."""

from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_page

from antq.activities.models import Activity
from antq.activities.selectors import festival_sites_held, public_activities
from antq.assessments.selectors import recognized_units, results_for
from antq.core.periods import parse
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import reporting_totals
from antq.reports.drafting import STATISTICS_FORM, covered_span, span_label
from antq.reports.figures import codes_stated, stated_figure
from antq.reports.sentences import number
from antq.units.history import unit_label
from antq.units.models import PUBLISHED, RESTATED, Unit

PUBLIC_INDICATORS = [
    "MH_DANG_AP_DUNG",
    "MH_DIEM",
    "LL_TO_DANH_SACH",
    "HD_NGAY_HOI",
    "HD_TUYEN_TRUYEN",
    "HD_CHUYEN_DE",
    "HD_HOI_NGHI",
    "HD_TAP_HUAN",
    "HD_RA_QUAN",
    "HD_KY_CAM_KET",
]
CACHE_SECONDS = 600


def public_figures(
    province: Unit, year: int, *, view: str = RESTATED, until: date | None = None
) -> dict:
    """This year's public figures of `province` so far (the months that have
    ended, as a report states them; for a closed province the months up to
    `until`, its last day) and those of the same months last year, in `view`."""
    period = covered_span(parse(str(year)), (until or timezone.localdate()) + timedelta(days=1))
    indicators = Indicator.objects.filter(code__in=codes_stated(PUBLIC_INDICATORS))
    by_code = {i.code: i for i in indicators}
    rows = []
    for code in PUBLIC_INDICATORS:
        # the approved statistic when one is collected and approved, else the count
        found = stated_figure(
            code=code, indicators=by_code, root=province, period=period, view=view
        )
        if found is None:
            continue
        indicator, current, previous = found.indicator, found.current, found.previous
        rows.append(
            {
                "name": indicator.name,
                "unit": indicator.unit_label,
                "current": number(current) if current is not None else "—",
                "previous": number(previous) if previous is not None else "—",
            }
        )
    now = results_for(root=province, year=year, view=view, detail=False)
    before = {
        t.target: t
        for t in results_for(root=province, year=year - 1, view=view, detail=False).targets
    }
    recognized = [
        {
            "label": t.label,
            "current": number(t.recognized),
            "units": number(t.units),
            "previous": number(before[t.target].recognized) if t.target in before else "",
        }
        for t in now.targets
    ]
    form = ReportForm.objects.filter(code=STATISTICS_FORM).first()
    approved = reporting_totals(form, province, period) if form else None
    return {
        "rows": rows,
        "recognized": recognized,
        "span": span_label(period),
        "approved": approved,
    }


def _archives(province: Unit) -> list[Unit]:
    """The closed provinces whose past `province` carries (their archived pages)."""
    return list(
        Unit.objects.filter(
            type=Unit.Type.PROVINCE, valid_to__isnull=False, carrier_path=province.path
        ).order_by("name_folded", "valid_to")
    )


@cache_page(CACHE_SECONDS)
def public_page(request, code: str):
    province = Unit.objects.filter(
        code=code, type=Unit.Type.PROVINCE, valid_to__isnull=True
    ).first()
    if province is None:
        closed = (
            Unit.objects.filter(code=code, type=Unit.Type.PROVINCE, valid_to__isnull=False)
            .order_by("-valid_to")
            .first()
        )
        carrier = _carrier_province(closed) if closed is not None else None
        if carrier is None:
            raise Http404("Không có tỉnh, thành phố với mã này.")
        return redirect("public-archive", code=carrier.code, archived=closed.code)
    today = timezone.localdate()
    # in January no month of the year has ended yet: the page shows last year
    year = today.year if today.month > 1 else today.year - 1
    units = recognized_units(province=province, year=year)
    listed_year = year
    if not units:
        units, listed_year = recognized_units(province=province, year=year - 1), year - 1
    communes: dict[str, list[str]] = {}
    for row in units:
        names = communes.setdefault(row["commune"], [])
        if row["type"] == Unit.Type.RESIDENTIAL_AREA:
            names.append(row["name"])
    recognized_communes = {r["name"] for r in units if r["type"] == Unit.Type.COMMUNE}
    sites = festival_sites_held(province, year) or festival_sites_held(province, year - 1)
    return render(
        request,
        "reports/public.html",
        {
            "province": province,
            "year": str(year),  # a year, not a number: never "2.026"
            "figures": public_figures(province, year),
            "listed_year": str(listed_year),
            "communes": sorted(communes.items()),
            "recognized_communes": recognized_communes,
            "area_count": sum(len(v) for v in communes.values()),
            "sites": sites,
            "activities": public_activities(province),
            "archives": _archives(province),
        },
    )


def _public_activity(row: dict) -> dict:
    return {
        "title": row["title"],
        "date": row["date"],
        "kind": row["kind__name"],
        "commune": row["published_commune__name"] or "",
    }


def _carrier_province(unit: Unit) -> Unit | None:
    return Unit.objects.filter(
        path=unit.carrier_path, type=Unit.Type.PROVINCE, valid_to__isnull=True
    ).first()


@cache_page(CACHE_SECONDS)
def public_archive(request, code: str, archived: str):
    """The archived page of a province closed in a reform, under today's
    province carrying it: its figures as published in its last year, up to
    its last day, beside the same months of the year before."""
    successor = Unit.objects.filter(
        code=code, type=Unit.Type.PROVINCE, valid_to__isnull=True
    ).first()
    closed = Unit.objects.filter(code=archived, type=Unit.Type.PROVINCE, valid_to__isnull=False)
    province = None
    if successor is not None:
        province = closed.filter(carrier_path=successor.path).order_by("-valid_to").first()
    if province is None:
        raise Http404("Không có trang lưu trữ này.")
    year = province.valid_to.year
    activities = (
        Activity.objects.under(province, PUBLISHED)
        .filter(is_public=True)
        .order_by("-date", "-pk")
        .values("title", "date", "kind__name", "published_commune__name")[:30]
    )
    return render(
        request,
        "reports/public.html",
        {
            "province": province,
            "archived_label": unit_label(province),
            "successor": successor,
            "year": str(year),
            "figures": public_figures(province, year, view=PUBLISHED, until=province.valid_to),
            "listed_year": str(year),
            "communes": [],
            "recognized_communes": set(),
            "area_count": 0,
            "sites": festival_sites_held(province, year),
            "activities": [_public_activity(a) for a in activities],
        },
    )
