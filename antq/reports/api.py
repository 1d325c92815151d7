"""`/api/v1/reports`: the half-year and year-end movement report. POST
{unit, period} drafts one from live data; GET returns its sections and
figures; /docx and /pdf download it (an issued report's kept files)."""

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user
from antq.core.periods import parse
from antq.reports.documents import download
from antq.reports.models import Report
from antq.reports.services import report_create
from antq.units.codes import unit_from_code

router = Router(tags=["reports"])


class ReportIn(Schema):
    unit: str | None = Field(
        None, description="Mã đơn vị (tỉnh hoặc xã); bỏ trống: toàn quốc (quản trị hệ thống)"
    )
    period: str = Field(..., min_length=4, max_length=7, description="2026S1 hoặc 2026")
    view: str = Field("restated", pattern="^(restated|published)$")


class ReportOut(Schema):
    id: int
    unit: str | None
    unit_name: str
    period: str
    period_label: str
    covered: str = Field(
        description="Các tháng số liệu tính đến (kỳ chưa kết thúc: 202601..202611), so với cùng kỳ"
    )
    covered_label: str
    view: str
    status: str
    reference: str | None
    date: str | None
    drafted_at: str | None
    version: int
    note: str
    sections: list[dict]
    narrative: dict

    @staticmethod
    def resolve_unit(obj: Report) -> str | None:
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_unit_name(obj: Report) -> str:
        return obj.unit.name if obj.unit_id else "Toàn quốc"

    @staticmethod
    def resolve_period_label(obj: Report) -> str:
        return parse(obj.period).label

    @staticmethod
    def resolve_covered(obj: Report) -> str:
        return obj.covered

    @staticmethod
    def resolve_covered_label(obj: Report) -> str:
        return obj.figures.get("covered_label", "")

    @staticmethod
    def resolve_reference(obj: Report) -> str | None:
        return obj.reference if obj.is_issued else None

    @staticmethod
    def resolve_date(obj: Report) -> str | None:
        return obj.date.isoformat() if obj.date else None

    @staticmethod
    def resolve_drafted_at(obj: Report) -> str | None:
        return obj.drafted_at.isoformat() if obj.drafted_at else None

    @staticmethod
    def resolve_note(obj: Report) -> str:
        return obj.figures.get("note", "")

    @staticmethod
    def resolve_sections(obj: Report) -> list[dict]:
        """Each section's figures; a chart as its title and data, not its spec."""
        sections = []
        for section in obj.figures.get("sections", []):
            chart = section.get("chart")
            sections.append(
                {
                    **{k: v for k, v in section.items() if k != "chart"},
                    "chart": {"title": chart["title"], "values": chart["spec"]["data"]["values"]}
                    if chart
                    else None,
                    "narrative": obj.narrative.get(section["key"], ""),
                }
            )
        return sections


class ReportRow(Schema):
    id: int
    unit: str | None
    period: str
    status: str
    version: int

    @staticmethod
    def resolve_unit(obj: Report) -> str | None:
        return obj.unit.code if obj.unit_id else None


@router.get("", response=list[ReportRow], summary="Danh sách báo cáo sơ kết, tổng kết")
def list_reports(request, period: str | None = Query(None, max_length=7)):
    rows = Report.objects.for_user(request.auth, VIEW).select_related("unit")
    if period:
        rows = rows.filter(period=period.upper())
    return rows[:500]


@router.post("", response={201: ReportOut}, summary="Lập dự thảo báo cáo từ số liệu")
def create_report(request, body: ReportIn):
    unit = unit_from_code(request, body.unit) if body.unit else None
    report = report_create(by=request.auth, unit=unit, period=body.period.upper(), view=body.view)
    return Status(201, report)


def _visible(request, pk: int) -> Report:
    return get_for_user(
        Report.objects.select_related("unit", "template"), request.auth, VIEW, pk=pk
    )


@router.get("/{int:pk}", response=ReportOut, summary="Một báo cáo: các mục và số liệu")
def get_report(request, pk: int):
    return _visible(request, pk)


@router.get("/{int:pk}/docx", summary="Tải báo cáo (DOCX)")
def report_docx(request, pk: int) -> HttpResponse:
    return download(_visible(request, pk), "docx")


@router.get("/{int:pk}/pdf", summary="Tải báo cáo (PDF)")
def report_pdf(request, pk: int) -> HttpResponse:
    return download(_visible(request, pk), "pdf")
