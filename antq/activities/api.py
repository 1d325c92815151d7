"""`/api/v1/activities`: record and list activities, their summary, the
configurable lists (kinds, threat categories, output kinds), and the year's
festival (19/8): a province's plan, planned and held sites per commune, and
choosing a site."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user
from antq.activities.models import (
    Activity,
    ActivityKind,
    FestivalPlan,
    OutputKind,
    ThreatCategory,
)
from antq.activities.reviews import reviewed_period_of
from antq.activities.selectors import (
    activities_for,
    activity_detail,
    activity_summary,
    festival_overview,
    festival_sites,
)
from antq.activities.services import (
    ActivityInput,
    activity_create,
    activity_delete,
    activity_update,
    festival_site_add,
)
from antq.core.api import (
    Count,
    Day,
    Degrees,
    EventDay,
    Id,
    Offset,
    Version,
    require_version,
)
from antq.units.codes import carried_unit_from_code
from antq.units.models import RESTATED

router = Router(tags=["activities"])
View = Literal["published", "restated"]


class CodeName(Schema):
    code: str
    name: str


class PersonIn(Schema):
    name: str = Field("", max_length=120)
    position: str = Field("", max_length=255)


class ActivityIn(Schema):
    unit: str = Field(..., description="mã đơn vị tổ chức (đơn vị tồn tại vào ngày hoạt động)")
    kind: str = Field(..., description="mã loại hoạt động (/activities/kinds)")
    title: str = Field(..., min_length=1, max_length=255)
    date: EventDay
    end_date: EventDay | None = None
    topic: str = Field("", max_length=5000)
    host: str = Field("", max_length=255, description="cơ quan, tổ chức chủ trì")
    categories: list[str] = Field([], description="mã lĩnh vực (/activities/categories)")
    presenter: PersonIn | None = None
    chair: PersonIn | None = None
    attendance: Count = Field(0, ge=0, le=10_000_000)
    reviewed_period: str = Field(
        "",
        max_length=40,
        description="kỳ được sơ kết, tổng kết (chỉ với hội nghị): 2021, 2021S1, 2021Q3",
    )
    outputs: dict[str, Count] = Field(
        {}, description="mã loại sản phẩm (/activities/output-kinds) → số lượng"
    )
    is_public: bool = False
    version: Version | None = Field(
        None, description="phiên bản đã đọc: bắt buộc khi sửa (thiếu → 428, cũ → 409)"
    )


class ActivityOut(Schema):
    id: int
    unit: str
    unit_name: str
    kind: str
    kind_name: str
    title: str
    topic: str
    host: str
    date: dt.date
    end_date: dt.date | None
    categories: list[str]
    presenter: PersonIn
    chair: PersonIn
    attendance: int
    reviewed_period: str
    outputs: dict[str, int]
    is_public: bool
    version: int

    @staticmethod
    def resolve_unit(obj: Activity) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Activity) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_kind(obj: Activity) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: Activity) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_categories(obj: Activity) -> list[str]:
        return [c.code for c in obj.categories.all()]

    @staticmethod
    def resolve_presenter(obj: Activity) -> dict:
        return {"name": obj.presenter_name, "position": obj.presenter_position}

    @staticmethod
    def resolve_chair(obj: Activity) -> dict:
        return {"name": obj.chair_name, "position": obj.chair_position}

    @staticmethod
    def resolve_outputs(obj: Activity) -> dict[str, int]:
        return {o.kind.code: o.count for o in obj.outputs.all()}


class ActivityPage(Schema):
    items: list[ActivityOut]
    count: int


class ActivityFilters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: hoạt động của cả cây đơn vị đó")
    kind: str | None = None
    category: str | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    q: str = Field("", max_length=100, description="tìm không phân biệt dấu")
    view: View = RESTATED
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class KindCount(Schema):
    code: str
    name: str
    count: int
    previous: int
    attendance: int


class OutputTotal(Schema):
    code: str
    name: str
    unit_label: str
    total: int
    previous: int


class SummaryOut(Schema):
    unit: str
    unit_name: str
    year: int
    view: str
    total: int
    attendance: int
    by_kind: list[KindCount]
    outputs: list[OutputTotal]


def _input(request, body: ActivityIn) -> ActivityInput:
    unit = carried_unit_from_code(request, body.unit, day=body.date)
    kind = ActivityKind.objects.filter(code=body.kind).first()
    if kind is None:
        message = _("Không có loại hoạt động mã %(code)s.") % {"code": body.kind}
        raise ValidationError({"kind": message})
    presenter, chair = body.presenter or PersonIn(), body.chair or PersonIn()
    return ActivityInput(
        unit=unit,
        kind=kind,
        title=body.title.strip(),
        date=body.date,
        end_date=body.end_date,
        topic=body.topic,
        host=body.host,
        presenter_name=presenter.name,
        presenter_position=presenter.position,
        chair_name=chair.name,
        chair_position=chair.position,
        attendance=body.attendance,
        reviewed_period=_reviewed(body.reviewed_period),
        is_public=body.is_public,
        categories=body.categories,
        outputs=body.outputs,
    )


def _reviewed(text: str) -> str:
    period = reviewed_period_of(text)
    if period is None:
        message = _("Kỳ “%(p)s” không hợp lệ; ghi như 2021, 2021S1, 2021Q3.") % {"p": text}
        raise ValidationError({"reviewed_period": message})
    return period


def _root(request, code: str, view: str, as_of: dt.date | None = None):
    return carried_unit_from_code(request, code, day=as_of or timezone.localdate(), view=view)


def _with_children(rows):
    return rows.prefetch_related("categories", "outputs__kind")


@router.get("", response=ActivityPage, summary="Danh sách hoạt động")
def list_activities(request, filters: Query[ActivityFilters]):
    root = None
    if filters.unit:
        root = _root(request, filters.unit, filters.view)
    rows = activities_for(
        request.auth,
        root=root,
        view=filters.view,
        kind=filters.kind,
        category=filters.category,
        date_from=filters.date_from,
        date_to=filters.date_to,
        q=filters.q,
    )
    page = _with_children(rows)[filters.offset : filters.offset + filters.limit]
    return {"items": list(page), "count": rows.count()}


@router.post("", response={201: ActivityOut}, summary="Ghi nhận một hoạt động")
def create_activity(request, body: ActivityIn):
    activity = activity_create(by=request.auth, data=_input(request, body))
    return Status(201, activity_detail(request.auth, activity.pk))


class SummaryFilters(Schema):
    unit: str = Field(..., description="mã đơn vị")
    year: int = Field(..., ge=2000, le=2100)
    view: View = RESTATED
    as_of: Day | None = Field(None, description="ngày mà mã chỉ đơn vị (đơn vị đã giải thể)")


@router.get("/summary", response=SummaryOut, summary="Tổng hợp hoạt động theo loại và sản phẩm")
def summary(request, filters: Query[SummaryFilters]):
    # any unit, closed ones included: `as_of` names a unit by the day it existed
    view, year = filters.view, filters.year
    root = _root(request, filters.unit, view, filters.as_of)
    result = activity_summary(request.auth, root=root, year=year, view=view)
    return {
        "unit": root.code,
        "unit_name": root.name,
        "year": year,
        "view": view,
        "total": result.total,
        "attendance": result.attendance,
        "by_kind": result.by_kind,
        "outputs": result.outputs,
    }


@router.get("/kinds", response=list[CodeName], summary="Các loại hoạt động")
def kinds(request):
    return list(ActivityKind.objects.filter(active=True))


@router.get("/categories", response=list[CodeName], summary="Các lĩnh vực, loại nguy cơ")
def categories(request):
    return list(ThreatCategory.objects.filter(active=True))


@router.get("/output-kinds", response=list[CodeName], summary="Các loại sản phẩm tuyên truyền")
def output_kinds(request):
    return list(OutputKind.objects.filter(active=True))


class FestivalFilters(Schema):
    province: str = Field(..., description="mã tỉnh")
    year: int = Field(..., ge=2000, le=2100)


class FestivalCommuneOut(Schema):
    code: str
    name: str
    planned: int
    held: int
    required: int = Field(..., description="số điểm tối thiểu mỗi xã")
    short: bool = Field(..., description="chưa đủ số điểm tối thiểu")


class FestivalSiteOut(Schema):
    id: int
    unit: str
    unit_name: str
    planned_on: dt.date
    held: bool = Field(..., description="đã ghi nhận hoạt động Ngày hội của điểm này")
    activity: int | None = Field(None, description="id hoạt động đã tổ chức")
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @staticmethod
    def resolve_unit(site) -> str:
        return site.unit.code

    @staticmethod
    def resolve_unit_name(site) -> str:
        return site.unit.name

    @staticmethod
    def resolve_held(site) -> bool:
        return site.activity_id is not None

    @staticmethod
    def resolve_activity(site) -> int | None:
        return site.activity_id


class FestivalOut(Schema):
    id: int
    province: str
    province_name: str
    year: int
    window_start: dt.date
    window_end: dt.date
    sites_per_commune: int
    note: str
    communes: list[FestivalCommuneOut]
    sites: list[FestivalSiteOut]


class FestivalSiteIn(Schema):
    unit: str = Field(..., description="mã đơn vị tổ chức (xã, khu dân cư, cơ quan, trường học…)")
    planned_on: Day
    latitude: Degrees | None = Field(None, description="độ Bắc, 20.95123 hoặc “20,95123”")
    longitude: Degrees | None = Field(None, description="độ Đông, 107.05211")


def _festival(request, plan: FestivalPlan) -> dict:
    user = request.auth
    return {
        "id": plan.pk,
        "province": plan.province.code,
        "province_name": plan.province.name,
        "year": plan.year,
        "window_start": plan.window_start,
        "window_end": plan.window_end,
        "sites_per_commune": plan.sites_per_commune,
        "note": plan.note,
        "communes": [
            {"code": row.commune.code, "name": row.commune.name, "planned": row.planned,
             "held": row.held, "required": row.required, "short": row.short}
            for row in festival_overview(user, plan)
        ],
        "sites": list(festival_sites(user, plan)),
    }  # fmt: skip


@router.get("/festivals", response=FestivalOut, summary="Ngày hội 19/8 của một tỉnh trong năm")
def festival(request, filters: Query[FestivalFilters]):
    # the plan is seen by everyone working in the province (its communes
    # choose the sites), so it is found among the plans the user sees, not
    # through the province unit, which a commune officer cannot name
    code = filters.province.strip()
    plan = (
        FestivalPlan.objects.for_user(request.auth, VIEW)
        .select_related("province")
        .filter(province__code=code, year=filters.year)
        .first()
    )
    if plan is None:
        message = _("Không có kế hoạch Ngày hội năm %(y)s của tỉnh mã %(p)s trong phạm vi của bạn.")
        raise Http404(message % {"p": code, "y": filters.year})
    return _festival(request, plan)


@router.post(
    "/festivals/{int:pk}/sites",
    response={201: FestivalSiteOut},
    summary="Chọn một điểm tổ chức Ngày hội",
)
def add_festival_site(request, pk: Id, body: FestivalSiteIn):
    plan = get_for_user(FestivalPlan.objects.select_related("province"), request.auth, VIEW, pk=pk)
    unit = carried_unit_from_code(request, body.unit, day=body.planned_on)
    site = festival_site_add(
        by=request.auth,
        plan=plan,
        unit=unit,
        planned_on=body.planned_on,
        latitude=body.latitude,
        longitude=body.longitude,
    )
    return Status(201, site)


@router.get("/{int:pk}", response=ActivityOut, summary="Một hoạt động")
def get_activity(request, pk: Id):
    return activity_detail(request.auth, pk)


@router.put("/{int:pk}", response=ActivityOut, summary="Sửa một hoạt động")
def update_activity(request, pk: Id, body: ActivityIn):
    activity = activity_detail(request.auth, pk)
    activity_update(
        by=request.auth,
        activity=activity,
        data=_input(request, body),
        expected_version=require_version(body.version),
    )
    return activity_detail(request.auth, pk)


@router.delete("/{int:pk}", response={204: None}, summary="Xóa một hoạt động")
def delete_activity(request, pk: Id, version: Version | None = None):
    activity = activity_detail(request.auth, pk)
    activity_delete(by=request.auth, activity=activity, expected_version=version)
    return Status(204, None)
