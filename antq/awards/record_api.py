"""`/api/v1/awards/records`: decisions already issued (before antq or by
another authority), recorded with their collective and individual
recipients. A record is a fact: no eligibility rule judges it; every unit
code is read on the decision's date (a unit closed since is named by its
code of then). The scanned original is attached on the page."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user
from antq.awards.models import AwardRecipient, AwardRecord, AwardType
from antq.awards.selectors import records_for
from antq.awards.services import (
    AwardRecordInput,
    RecipientInput,
    award_record_create,
    award_record_delete,
)
from antq.core.api import ErrorOut, Id, Version
from antq.units.codes import carried_unit_from_code, unit_from_code

router = Router(tags=["awards"])


class RecipientIn(Schema):
    recipient_kind: Literal["collective", "individual"]
    unit: str = Field(..., description="mã đơn vị vào ngày ký (tập thể, hoặc nơi cá nhân công tác)")
    name: str = Field(
        "", max_length=255, description="tên tập thể như quyết định ghi (trống: tên đơn vị)"
    )
    position: str = Field("", max_length=255)
    birth_year: int | None = Field(None, ge=1900, le=2100)


class RecordIn(Schema):
    unit: str = Field(..., description="mã đơn vị ghi nhận, vào ngày ký")
    authority: str = Field(..., min_length=1, max_length=255, description="cơ quan, người ban hành")
    number: str = Field(..., min_length=1, max_length=60, description="số, ký hiệu")
    date: dt.date
    award_type: str = Field(..., description="mã hình thức khen thưởng (/awards/types?all=true)")
    year: int | None = Field(None, ge=1945, le=2100, description="năm khen thưởng (trống: năm ký)")
    summary: str = Field("", max_length=5000)
    recipients: list[RecipientIn] = Field(..., min_length=1, max_length=1000)


class RecipientOut(Schema):
    recipient_kind: str
    unit: str
    unit_name: str
    name: str
    position: str

    @staticmethod
    def resolve_unit(obj: AwardRecipient) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: AwardRecipient) -> str:
        return obj.unit.name


class RecordOut(Schema):
    id: int
    unit: str
    unit_name: str
    authority: str
    number: str
    date: dt.date
    year: int
    award_type: str
    award_level: str
    summary: str
    has_original: bool
    recipients: list[RecipientOut]
    version: int

    @staticmethod
    def resolve_unit(obj: AwardRecord) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: AwardRecord) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_award_type(obj: AwardRecord) -> str:
        return obj.award_type.code

    @staticmethod
    def resolve_award_level(obj: AwardRecord) -> str:
        return obj.award_type.level

    @staticmethod
    def resolve_has_original(obj: AwardRecord) -> bool:
        return bool(obj.original)

    @staticmethod
    def resolve_recipients(obj: AwardRecord) -> list[AwardRecipient]:
        return list(obj.recipients.select_related("unit").order_by("recipient_kind", "pk"))


class RecordFilters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: các quyết định ghi nhận dưới đơn vị này")
    year: int | None = Field(None, ge=1945, le=2100, description="năm khen thưởng")


def _award_type(code: str) -> AwardType:
    award = AwardType.objects.filter(code=code).first()
    if award is None:
        message = _("Không có hình thức khen thưởng mã %(c)s.") % {"c": code}
        raise ValidationError({"award_type": [message]})
    return award


def _record(request, pk: Id) -> AwardRecord:
    return get_for_user(
        AwardRecord.objects.select_related("unit", "award_type"), request.auth, VIEW, pk=pk
    )


WRITE = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("", response=list[RecordOut], summary="Các quyết định khen thưởng đã ban hành")
def list_records(request, filters: Query[RecordFilters]):
    rows = records_for(request.auth)
    if filters.unit:
        rows = rows.under(unit_from_code(request, filters.unit))
    if filters.year:
        rows = rows.filter(year=filters.year)
    return list(rows[:500])


@router.post(
    "", response={201: RecordOut, **WRITE}, summary="Ghi nhận quyết định khen thưởng đã ban hành"
)
def create_record(request, body: RecordIn):
    """No eligibility rule: the decision is a fact. Units are read on its date."""
    day = body.date
    data = AwardRecordInput(
        unit=carried_unit_from_code(request, body.unit, day=day),
        authority=body.authority,
        number=body.number,
        date=day,
        award_type=_award_type(body.award_type),
        year=body.year,
        summary=body.summary,
        recipients=[
            RecipientInput(
                recipient_kind=r.recipient_kind,
                unit=carried_unit_from_code(request, r.unit, day=day),
                name=r.name,
                position=r.position,
                birth_year=r.birth_year,
            )
            for r in body.recipients
        ],
    )
    return Status(201, _record(request, award_record_create(by=request.auth, data=data).pk))


@router.get("/{int:pk}", response=RecordOut, summary="Một quyết định đã ban hành")
def get_record(request, pk: Id):
    return _record(request, pk)


@router.delete(
    "/{int:pk}", response={204: None, **WRITE, 409: ErrorOut}, summary="Xóa ghi nhận (nhập nhầm)"
)
def delete_record(request, pk: Id, version: Version | None = None):
    award_record_delete(by=request.auth, record=_record(request, pk), expected_version=version)
    return Status(204, None)
