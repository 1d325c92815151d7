"""`/api/v1/units`: list, read, create, update and close units.

A unit is its code plus its validity: `as_of` (default today) decides which unit
a reused code means. When the code named a unit, but not that day, the answer
is a 422 that names it, gives its dates and what to pick instead
(`units.codes`); a code that names nothing the caller may see is a 404.
Founding (`valid_from`) and, for a unit of the past, closing (`valid_to`)
dates are set on create and corrected with PATCH, audited.
"""

import datetime as dt
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.core.access import EDIT, get_for_user
from antq.core.api import Count, Day, ErrorOut, Offset, Version, day
from antq.units.codes import unit_from_code
from antq.units.models import Unit
from antq.units.selectors import unit_lineage, unit_list
from antq.units.services import unit_close, unit_create, unit_update

router = Router(tags=["units"])
#: a unit's own dates reach further back than any event antq records
FoundingDay = day(dt.date(1800, 1, 1))

UnitType = Literal[
    "province", "district", "commune", "residential_area", "agency", "enterprise", "school"
]
ChildType = Literal["residential_area", "agency", "enterprise", "school"]


class UnitRef(Schema):
    id: int
    code: str
    name: str
    type: str
    valid_from: date | None
    valid_to: date | None


class UnitOut(UnitRef):
    kind: str
    kind_label: str
    parent: str | None
    households: int | None
    population: int | None
    address: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return obj.parent.code if obj.parent_id else None


class LinkOut(Schema):
    unit: UnitRef
    date: date
    kind: str
    is_primary: bool


class UnitDetailOut(UnitOut):
    predecessors: list[LinkOut]
    successors: list[LinkOut]


class UnitPage(Schema):
    items: list[UnitOut]
    count: int


class UnitFilters(Schema):
    type: UnitType | None = None
    parent: str | None = Field(None, description="mã đơn vị cấp trên")
    q: str = Field("", max_length=100, description="tìm theo tên hoặc mã, không phân biệt dấu")
    as_of: Day | None = Field(None, description="ngày hiệu lực (mặc định hôm nay)")
    include_closed: bool = False
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class UnitIn(Schema):
    parent: str = Field(..., description="mã xã/phường/đặc khu (hoặc tỉnh) cấp trên")
    parent_as_of: FoundingDay | None = Field(
        None, description="ngày mà mã cấp trên chỉ đơn vị (mặc định: ngày thành lập, hôm nay)"
    )
    type: ChildType
    kind: str = Field(
        ..., description="loại hình, ví dụ co_quan, co_quan_dang, mat_tran, to_chuc, hoi, thon"
    )
    valid_from: FoundingDay | None = Field(
        None, description="ngày thành lập (không sau hôm nay; mặc định hôm nay)"
    )
    valid_to: FoundingDay | None = Field(
        None, description="ngày ngừng hoạt động, cho đơn vị đã không còn (nhập lại quá khứ)"
    )
    name: str = Field(..., min_length=1, max_length=255)
    code: str = Field("", max_length=32)
    households: Count | None = Field(None, ge=0, description='số hộ: 1480 hoặc "1.480"')
    population: Count | None = Field(None, ge=0, description="số nhân khẩu")
    address: str = Field("", max_length=255)
    note: str = ""


class UnitPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=32)
    name: str | None = Field(None, min_length=1, max_length=255)
    kind: str | None = None
    households: Count | None = Field(None, ge=0, description='số hộ: 1480 hoặc "1.480"')
    population: Count | None = Field(None, ge=0, description="số nhân khẩu")
    address: str | None = Field(None, max_length=255)
    note: str | None = None
    valid_from: FoundingDay | None = Field(None, description="ngày thành lập (không sau hôm nay)")
    valid_to: FoundingDay | None = Field(
        None, description="ngày ngừng hoạt động (chỉ sửa được khi đơn vị đã ngừng hoạt động)"
    )
    version: Version | None = Field(None, description="phiên bản đã đọc; khác hiện tại → 409")


class CloseIn(Schema):
    date: Day
    reason: str = Field("", max_length=255)
    version: Version | None = Field(None, description="phiên bản đã đọc; khác hiện tại → 409")


def _link(link, unit: Unit) -> dict:
    return {
        "unit": unit,
        "date": link.event.date,
        "kind": link.event.kind,
        "is_primary": link.is_primary,
    }


def _detail(unit: Unit) -> Unit:
    lineage = unit_lineage(unit)
    unit.predecessors = [_link(link, link.predecessor) for link in lineage.predecessors]
    unit.successors = [_link(link, link.successor) for link in lineage.successors]
    return unit


def _resolve(request, code: str, as_of: date | None) -> Unit:
    return unit_from_code(request, code, as_of=as_of)


@router.get("", response=UnitPage)
def units_list(request, filters: Query[UnitFilters]):
    """Units visible to the caller, valid on `as_of`; paginate with limit/offset."""
    parent = _resolve(request, filters.parent, filters.as_of) if filters.parent else None
    units = unit_list(
        user=request.auth,
        q=filters.q,
        type=filters.type,
        parent=parent,
        as_of=filters.as_of,
        include_closed=filters.include_closed,
    )
    return {
        "items": list(units[filters.offset : filters.offset + filters.limit]),
        "count": units.count(),
    }


@router.get("/{code}", response={200: UnitDetailOut, 404: ErrorOut, 422: ErrorOut})
def units_detail(request, code: str, as_of: Day | None = None):
    """One unit by code on `as_of`, with the units it came from and went to;
    422 naming the unit, its dates and what to pick instead when the code's
    unit did not exist that day."""
    return _detail(_resolve(request, code, as_of))


@router.post("", response={201: UnitDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def units_create(request, payload: UnitIn):
    """Create a residential area, agency (a Party body, the Fatherland Front, a
    mass organisation…), enterprise or school below a commune or a province,
    founded on `valid_from`; a unit of the past also closed on `valid_to`,
    under its parent of then (`parent_as_of`)."""
    fields = payload.dict()
    day = fields.pop("parent_as_of") or payload.valid_to or payload.valid_from
    parent = _resolve(request, payload.parent, day)
    unit = unit_create(by=request.auth, **fields | {"parent": parent})
    return Status(201, _detail(unit))


@router.patch(
    "/{code}",
    response={200: UnitDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def units_update(request, code: str, payload: UnitPatch, as_of: FoundingDay | None = None):
    """Change a unit (its founding date included, audited); `as_of` names a
    closed unit by a day it existed (then only its dates and note change)."""
    unit = _resolve(request, code, as_of)
    get_for_user(Unit.objects.all(), request.auth, EDIT, pk=unit.pk)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    nulls = [
        field
        for field, value in changes.items()
        if value is None and field not in {"households", "population", "valid_from"}
    ]
    if nulls:
        raise ValidationError({field: [_("Không được để trống.")] for field in nulls})
    return _detail(unit_update(unit=unit, by=request.auth, expected_version=version, **changes))


@router.post(
    "/{code}/close",
    response={200: UnitDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def units_close(request, code: str, payload: CloseIn):
    unit = _resolve(request, code, None)
    get_for_user(Unit.objects.all(), request.auth, EDIT, pk=unit.pk)
    return _detail(
        unit_close(
            unit=unit,
            by=request.auth,
            on=payload.date,
            reason=payload.reason,
            expected_version=payload.version,
        )
    )
