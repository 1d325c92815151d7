"""`/api/v1/reports`: the half-year and year-end movement report. POST
{unit, period} drafts one from live data; GET returns its sections and
figures; what the report page does has one URL each: PATCH writes the
narrative, /refresh reads the figures again, /quote quotes a lower level's
issued report, /issue numbers, signs and freezes it (an issued report answers
409 with `current_state`); /docx and /pdf download it."""

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import APPROVE, EDIT, VIEW, get_for_user
from antq.core.api import Day, ErrorOut
from antq.core.periods import InvalidPeriod, parse
from antq.reports.documents import download
from antq.reports.models import Report
from antq.reports.services import (
    IssueInput,
    report_create,
    report_edit,
    report_issue,
    report_quote,
    report_refresh,
)
from antq.units.codes import unit_from_code
from antq.units.history import UnitNotOnDay
from antq.units.models import PUBLISHED

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
    document: int | None = Field(
        None, description="văn bản trong sổ đăng ký: GET /api/v1/documents/{id}"
    )

    @staticmethod
    def resolve_document(obj: Report) -> int | None:
        return obj.document_id

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


VERSION_HINT = "phiên bản đã đọc; khác phiên bản hiện tại → 409"
#: the version a body-less move was based on, in the query string (?version=3)
VERSION = Query(None, ge=1, description=VERSION_HINT)


class ReportVersionIn(Schema):
    version: int | None = Field(None, ge=1, description=VERSION_HINT)


class NarrativeIn(ReportVersionIn):
    narrative: dict[str, str] = Field(
        ..., description="mã mục → nội dung (các mục khác giữ nguyên)"
    )


class QuoteIn(ReportVersionIn):
    source: int = Field(..., description="id báo cáo đã ban hành cùng kỳ của đơn vị trực thuộc")
    key: str = Field(..., max_length=40, description="mã mục cần trích")


class IssueIn(ReportVersionIn):
    """The report becomes a document of the outgoing register: its issuing
    body, header and symbol are the register's (by the report's level)."""

    date: Day
    number: int | None = Field(None, ge=1, description="bỏ trống: số tiếp theo của sổ đăng ký")
    signer_name: str = Field("", max_length=120, description="bỏ trống: người giữ chức danh")
    signer_title: str = Field("", max_length=120)
    signing_form: str | None = Field(None, pattern="^(TM|KT)$")
    place: str = Field("", max_length=120)
    recipients: str | None = Field(None, max_length=2000)


MOVE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("", response=list[ReportRow], summary="Danh sách báo cáo sơ kết, tổng kết")
def list_reports(request, period: str | None = Query(None, max_length=7)):
    rows = Report.objects.for_user(request.auth, VIEW).select_related("unit")
    if period:
        rows = rows.filter(period=period.upper())
    return rows[:500]


def _period_or_none(text: str):
    try:
        return parse(text.upper())
    except InvalidPeriod:
        return None


@router.post(
    "",
    response={201: ReportOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Lập dự thảo báo cáo từ số liệu",
)
def create_report(request, body: ReportIn):
    """`unit` is today's unit of that code; a code no unit carries today (a
    closed province, "83") is the unit of that code during the period, as
    the code rule reads it for `view=published` (`units.codes`)."""
    unit = None
    if body.unit:
        try:
            unit = unit_from_code(request, body.unit)
        except UnitNotOnDay as absent:
            period = _period_or_none(body.period)
            if period is None:
                raise absent from None  # the period is wrong besides: one thing at a time
            unit = unit_from_code(request, body.unit, view=PUBLISHED, period=period)
    report = report_create(by=request.auth, unit=unit, period=body.period.upper(), view=body.view)
    return Status(201, report)


def _visible(request, pk: int, action: str = VIEW) -> Report:
    return get_for_user(
        Report.objects.select_related("unit", "template"), request.auth, action, pk=pk
    )


@router.get("/{int:pk}", response=ReportOut, summary="Một báo cáo: các mục và số liệu")
def get_report(request, pk: int):
    return _visible(request, pk)


@router.patch("/{int:pk}", response={200: ReportOut, **MOVE}, summary="Viết phần đánh giá")
def edit_report(request, pk: int, body: NarrativeIn):
    return report_edit(
        by=request.auth,
        report=_visible(request, pk, EDIT),
        narrative=body.narrative,
        expected_version=body.version,
    )


@router.post(
    "/{int:pk}/refresh", response={200: ReportOut, **MOVE}, summary="Cập nhật số liệu của dự thảo"
)
def refresh_report(request, pk: int, version: int | None = VERSION):
    return report_refresh(
        by=request.auth, report=_visible(request, pk, EDIT), expected_version=version
    )


@router.post(
    "/{int:pk}/quote",
    response={200: ReportOut, **MOVE},
    summary="Trích một mục của báo cáo đơn vị trực thuộc",
)
def quote_report(request, pk: int, body: QuoteIn):
    report = _visible(request, pk, EDIT)
    source = get_for_user(Report.objects.select_related("unit"), request.auth, VIEW, pk=body.source)
    return report_quote(
        by=request.auth,
        report=report,
        key=body.key,
        source=source,
        expected_version=body.version,
    )


@router.post("/{int:pk}/issue", response={200: ReportOut, **MOVE}, summary="Ban hành báo cáo")
def issue_report(request, pk: int, body: IssueIn):
    """Numbered, signed, its DOCX and PDF kept as issued; 409 once issued."""
    data = IssueInput(**body.dict(exclude={"version"}))
    return report_issue(
        by=request.auth,
        report=_visible(request, pk, APPROVE),
        data=data,
        expected_version=body.version,
    )


@router.get("/{int:pk}/docx", summary="Tải báo cáo (DOCX)")
def report_docx(request, pk: int) -> HttpResponse:
    return download(_visible(request, pk), "docx")


@router.get("/{int:pk}/pdf", summary="Tải báo cáo (PDF)")
def report_pdf(request, pk: int) -> HttpResponse:
    return download(_visible(request, pk), "pdf")
