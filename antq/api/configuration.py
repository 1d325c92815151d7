"""`/api/v1/configuration/{table}`: the configuration tables (the legal-basis
table, `legal-documents`, among them) as the API sees them. Everyone
signed in reads them (inactive entries included, so an old figure's code
is always explained); a system administrator creates and changes them
through the same services as /admin/
(`audit.services.configuration_create` / `configuration_update`, audited):
a code never changes, an entry is deactivated (`"active": false`) rather
than deleted, and what defines a figure (an indicator's aggregation, an award
type's level) stays once the entry is used (422 naming the field)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from antq.activities.models import ActivityKind, OutputKind, ThreatCategory
from antq.audit.services import configuration_create, configuration_update
from antq.awards.models import AwardType
from antq.community.models import ModelCategory
from antq.core.api import ErrorOut
from antq.documents.models import LegalDocument
from antq.indicators.models import Indicator, ReportForm

router = Router(tags=["configuration"])

TABLES: dict[str, type[models.Model]] = {
    "activity-kinds": ActivityKind,
    "threat-categories": ThreatCategory,
    "output-kinds": OutputKind,
    "award-types": AwardType,
    "indicators": Indicator,
    "report-forms": ReportForm,
    "model-categories": ModelCategory,
    "legal-documents": LegalDocument,
}
Table = Literal[
    "activity-kinds",
    "threat-categories",
    "output-kinds",
    "award-types",
    "indicators",
    "report-forms",
    "model-categories",
    "legal-documents",
]


class ConfigurationIn(Schema):
    """The fields of an entry; each table takes its own (see GET)."""

    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=255)
    order: int | None = Field(None, ge=0, le=32767)
    active: bool | None = None
    unit_label: str | None = Field(None, max_length=40)
    parent: str | None = Field(None, max_length=40, description="mã nhóm (lĩnh vực)")
    level: str | None = Field(None, max_length=16)
    for_collectives: bool | None = None
    for_individuals: bool | None = None
    once_per_lifetime: bool | None = None
    conditions: list[dict] | None = Field(None, description='[{"rule": "recognized_safe"}, …]')
    value_type: str | None = Field(None, max_length=10)
    aggregation: str | None = Field(None, max_length=10)
    category: str | None = Field(None, max_length=100)
    up_is_good: bool | None = None
    min_value: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    max_value: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    options: list[dict] | None = Field(None, description='[{"code": "…", "label": "…"}]')
    formula: str | None = Field(None, max_length=255)
    source: str | None = Field(None, max_length=60)
    description: str | None = Field(None, max_length=5000)
    period_type: str | None = Field(None, max_length=12)
    unit_types: list[str] | None = None
    deadline_days: int | None = Field(None, ge=0, le=32767)
    is_open: bool | None = None
    topic: str | None = Field(None, max_length=40, description="chủ đề căn cứ (emulation…)")
    number: str | None = Field(None, max_length=60)
    citation: str | None = Field(None, max_length=2000, description="trích dẫn trong phần căn cứ")
    valid_from: date | None = Field(None, description="có hiệu lực từ ngày")
    valid_to: date | None = Field(None, description="hết hiệu lực sau ngày")
    to_verify: str | None = Field(None, max_length=255)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and f.name in ConfigurationIn.model_fields
    ]


def _out(entry: models.Model) -> dict:
    row = {}
    for field in _fields(type(entry)):
        value = getattr(entry, field.name)
        row[field.name] = value.code if isinstance(value, models.Model) else value
    return row


def _values(model: type[models.Model], body: ConfigurationIn) -> dict:
    """The body's fields as model values; a field the table lacks, or a
    parent code that names nothing, is a ValidationError."""
    sent = body.dict(exclude_unset=True)
    known = {f.name: f for f in _fields(model)}
    unknown = sorted(set(sent) - set(known))
    if unknown:
        raise ValidationError(
            {name: [_("Bảng này không có trường %(name)s.") % {"name": name}] for name in unknown}
        )
    values = {}
    for name, value in sent.items():
        field = known[name]
        if value is None and not field.null:
            raise ValidationError({name: [_("Không được để trống.")]})
        if field.is_relation and value is not None:
            target = field.related_model.objects.filter(code=value).first()
            if target is None:
                raise ValidationError({name: [_("Không có mục mã %(code)s.") % {"code": value}]})
            value = target
        values[name] = value
    return values


def _entry(model: type[models.Model], code: str) -> models.Model:
    entry = model._base_manager.filter(code=code).first()
    if entry is None:
        raise Http404(_("Không có mục mã %(code)s.") % {"code": code})
    return entry


@router.get("/{table}", response=list[dict], summary="Các mục của một bảng cấu hình")
def configuration_list(request, table: Table):
    model = TABLES[table]
    return [_out(entry) for entry in model._base_manager.order_by(*model._meta.ordering or ["pk"])]


@router.post(
    "/{table}",
    response={201: dict, 403: ErrorOut, 422: ErrorOut},
    summary="Thêm một mục cấu hình (quản trị hệ thống)",
)
def configuration_add(request, table: Table, body: ConfigurationIn):
    model = TABLES[table]
    entry = configuration_create(by=request.auth, model=model, values=_values(model, body))
    return Status(201, _out(entry))


@router.patch(
    "/{table}/{code}",
    response={200: dict, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Sửa một mục cấu hình (quản trị hệ thống; không đổi mã, không xóa)",
)
def configuration_change(request, table: Table, code: str, body: ConfigurationIn):
    model = TABLES[table]
    entry = _entry(model, code)
    changes = _values(model, body)
    return _out(configuration_update(by=request.auth, entry=entry, changes=changes))
