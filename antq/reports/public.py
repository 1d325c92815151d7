"""The movement's public page per province, `/cong-khai/<province code>/`, no
login: the figures of this year and last year, the recognized communes and
residential areas, the festival sites and the activities marked public.
Never a person's name, never a figure below the commune; cached, light
enough for a phone on a weak connection."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_page

from antq.activities.selectors import festival_sites_held, public_activities
from antq.assessments.selectors import recognized_units, results_for
from antq.core.periods import parse
from antq.indicators.models import Indicator, ReportForm
from antq.indicators.selectors import reporting_totals
from antq.reports.drafting import STATISTICS_FORM, covered_span, span_label
from antq.reports.figures import codes_stated, figure, stated
from antq.reports.sentences import number
from antq.units.models import RESTATED, Unit

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


def public_figures(province: Unit, year: int) -> dict:
    """This year's public figures of `province` so far (the months that have
    ended, as a report states them) and those of the same months last year."""
    period = covered_span(parse(str(year)), timezone.localdate())
    indicators = Indicator.objects.filter(code__in=codes_stated(PUBLIC_INDICATORS))
    by_code = {i.code: i for i in indicators}
    rows = []
    for code in PUBLIC_INDICATORS:
        indicator = stated(code, by_code)  # the approved statistic when one is collected
        if indicator is None:
            continue
        current, previous = figure(indicator=indicator, root=province, period=period, view=RESTATED)
        rows.append(
            {
                "name": indicator.name,
                "unit": indicator.unit_label,
                "current": number(current) if current is not None else "—",
                "previous": number(previous) if previous is not None else "—",
            }
        )
    now = results_for(root=province, year=year, view=RESTATED, detail=False)
    before = {
        t.target: t
        for t in results_for(root=province, year=year - 1, view=RESTATED, detail=False).targets
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


@cache_page(CACHE_SECONDS)
def public_page(request, code: str):
    province = Unit.objects.filter(
        code=code, type=Unit.Type.PROVINCE, valid_to__isnull=True
    ).first()
    if province is None:
        raise Http404("Không có tỉnh, thành phố với mã này.")
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
        },
    )
