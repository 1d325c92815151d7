"""`/api/v1/models` (self-management models and their sites) and
`/api/v1/examples` (exemplary collectives and individuals)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.community.models import CommunityModel, Example, ModelCategory, Site
from antq.community.selectors import examples_for, model_detail, models_for, sites_of
from antq.community.services import (
    ExampleInput,
    ModelInput,
    example_create,
    model_register,
    site_add,
)
from antq.core.api import Count, Day, Degrees, Id, Offset, Year
from antq.units.codes import carried_unit_from_code, unit_from_code

models_router = Router(tags=["models"])
examples_router = Router(tags=["examples"])
Lead = Literal[
    "cong_an", "chinh_quyen", "mat_tran", "phu_nu", "thanh_nien", "cuu_chien_binh",
    "nong_dan", "truong_hoc", "doanh_nghiep", "khac",
]  # fmt: skip


class SiteOut(Schema):
    id: int
    unit: str
    unit_name: str
    started_on: dt.date
    ended_on: dt.date | None
    groups: int
    participants: int
    participant_kind: str
    origin: int | None
    latitude: Decimal | None = Field(None, description="độ Bắc (WGS84)")
    longitude: Decimal | None = Field(None, description="độ Đông (WGS84)")

    @staticmethod
    def resolve_unit(obj: Site) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Site) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_origin(obj: Site) -> int | None:
        return obj.origin_id


class ModelOut(Schema):
    id: int
    name: str
    category: str
    category_name: str
    lead_organisation: str
    unit: str
    unit_name: str
    description: str
    started_on: dt.date
    status: str
    exemplary_year: int | None
    active_sites: int
    version: int

    @staticmethod
    def resolve_category(obj: CommunityModel) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj: CommunityModel) -> str:
        return obj.category.name

    @staticmethod
    def resolve_unit(obj: CommunityModel) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: CommunityModel) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_active_sites(obj: CommunityModel) -> int:
        return getattr(obj, "active_sites", 0)


class ModelPage(Schema):
    items: list[ModelOut]
    count: int


class ModelFilters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: mô hình đăng ký hoặc áp dụng ở đó")
    category: str | None = None
    lead_organisation: Lead | None = None
    q: str = Field("", max_length=100)
    limit: int = Field(100, ge=1, le=500)
    offset: Offset = 0


class SiteIn(Schema):
    unit: str = Field(..., description="mã đơn vị áp dụng (vào ngày áp dụng)")
    started_on: Day
    groups: Count = Field(1, ge=0, le=100_000)
    participants: Count = Field(0, ge=0, le=10_000_000, description="1480 hoặc “1.480”")
    participant_kind: Literal["households", "members"] = "households"
    origin: Id | None = Field(None, description="id điểm nguồn khi nhân rộng")
    latitude: Degrees | None = Field(None, description="độ Bắc, 20.95123 hoặc “20,95123”")
    longitude: Degrees | None = Field(None, description="độ Đông, 107.05211")


class ModelIn(Schema):
    name: str = Field(..., min_length=1, max_length=255)
    category: str = Field(..., description="mã nhóm mô hình")
    lead_organisation: Lead
    unit: str = Field(..., description="mã đơn vị đăng ký")
    started_on: Day
    description: str = Field("", max_length=5000)
    site: SiteIn | None = Field(None, description="điểm áp dụng đầu tiên")


class ExampleOut(Schema):
    id: int
    kind: str
    unit: str
    unit_name: str
    person_name: str
    position: str
    achievement: str
    year: int

    @staticmethod
    def resolve_unit(obj: Example) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Example) -> str:
        return obj.unit.name


class ExampleIn(Schema):
    kind: Literal["collective", "individual"]
    unit: str
    year: int = Field(..., ge=2000, le=2100)
    achievement: str = Field(..., min_length=1, max_length=5000)
    person_name: str = Field("", max_length=120)
    position: str = Field("", max_length=255)


def _category(code: str) -> ModelCategory:
    category = ModelCategory.objects.filter(code=code).first()
    if category is None:
        raise ValidationError({"category": [_("Không có nhóm mô hình mã %(c)s.") % {"c": code}]})
    return category


@models_router.get("", response=ModelPage, summary="Các mô hình tự quản")
def list_models(request, filters: Query[ModelFilters]):
    root = unit_from_code(request, filters.unit) if filters.unit else None
    rows = models_for(
        request.auth,
        root=root,
        category=filters.category,
        lead=filters.lead_organisation,
        q=filters.q,
    ).order_by("name_folded")
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"items": list(page), "count": rows.count()}


@models_router.post("", response={201: ModelOut}, summary="Đăng ký một mô hình")
def register_model(request, body: ModelIn):
    owner = carried_unit_from_code(request, body.unit, day=body.started_on)
    site = {}
    if body.site is not None:
        site = {
            "site_unit": carried_unit_from_code(request, body.site.unit, day=body.site.started_on),
            "groups": body.site.groups,
            "participants": body.site.participants,
            "participant_kind": body.site.participant_kind,
        }
    model = model_register(
        by=request.auth,
        data=ModelInput(
            unit=owner,
            name=body.name,
            category=_category(body.category),
            lead_organisation=body.lead_organisation,
            started_on=body.started_on,
            description=body.description,
        ),
        **site,
    )
    return Status(201, models_for(request.auth).get(pk=model.pk))


@models_router.get("/{int:pk}", response=ModelOut, summary="Một mô hình")
def get_model(request, pk: Id):
    model_detail(request.auth, pk)
    return models_for(request.auth).get(pk=pk)


@models_router.get("/{int:pk}/sites", response=list[SiteOut], summary="Các điểm áp dụng")
def list_sites(request, pk: Id):
    return list(sites_of(request.auth, model_detail(request.auth, pk)))


@models_router.post(
    "/{int:pk}/sites", response={201: SiteOut}, summary="Thêm điểm áp dụng (nhân rộng)"
)
def add_site(request, pk: Id, body: SiteIn):
    model = model_detail(request.auth, pk)
    unit = carried_unit_from_code(request, body.unit, day=body.started_on)
    origin = None
    if body.origin is not None:
        origin = Site.objects.filter(model=model, pk=body.origin).first()
        if origin is None:
            raise ValidationError({"origin": [_("Điểm nguồn phải thuộc cùng mô hình.")]})
    site = site_add(
        by=request.auth,
        model=model,
        unit=unit,
        started_on=body.started_on,
        groups=body.groups,
        participants=body.participants,
        participant_kind=body.participant_kind,
        origin=origin,
        latitude=body.latitude,
        longitude=body.longitude,
    )
    return Status(201, site)


@examples_router.get("", response=list[ExampleOut], summary="Điển hình tiên tiến")
def list_examples(
    request, unit: str | None = None, year: Year | None = None, kind: str | None = None
):
    root = unit_from_code(request, unit) if unit else None
    return list(examples_for(request.auth, root=root, year=year, kind=kind)[:1000])


@examples_router.post("", response={201: ExampleOut}, summary="Ghi nhận một điển hình")
def create_example(request, body: ExampleIn):
    unit = carried_unit_from_code(request, body.unit, day=dt.date(body.year, 12, 31))
    example = example_create(
        by=request.auth,
        data=ExampleInput(
            kind=body.kind,
            unit=unit,
            achievement=body.achievement,
            year=body.year,
            person_name=body.person_name,
            position=body.position,
        ),
    )
    return Status(201, example)
