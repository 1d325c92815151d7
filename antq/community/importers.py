"""Bulk import of self-management models with their sites, all or nothing.

One row per site: the model (name, category, lead organisation, registering
unit, start date) and where it runs. Rows with the same registering unit and
model name are one model. A model already registered there is reused, a site
already running is left as it is: importing a file twice adds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.community.models import CommunityModel, LeadOrganisation, ModelCategory, Site
from antq.community.services import ModelInput, model_check, model_register, site_add, site_check
from antq.core.tabular import (
    CellError,
    Column,
    Record,
    TabularError,
    error_at,
    parse_day,
    read_records,
    write_workbook,
)
from antq.core.vietnamese import NotANumber, fold, name_key, parse_integer
from antq.units.placement import place, scope_of
from antq.units.selectors import units_for_entry

NAME = Column("name", "Tên mô hình", required=True, width=36)
CATEGORY = Column("category", "Nhóm", required=True, width=30)
LEAD = Column(
    "lead",
    "Cơ quan chủ trì",
    required=True,
    width=22,
    choices=[str(label) for _value, label in LeadOrganisation.choices],
)
OWNER = Column("owner", "Mã đơn vị đăng ký", required=True, width=14)
STARTED = Column("started_on", "Ngày bắt đầu", required=True, width=12)
SITE = Column("site", "Mã đơn vị áp dụng", required=True, width=14)
SITE_STARTED = Column("site_started_on", "Ngày áp dụng", width=12, help="để trống: ngày bắt đầu")
GROUPS = Column("groups", "Số tổ, nhóm", width=10)
PARTICIPANTS = Column("participants", "Số tham gia", width=10)
KIND = Column("participant_kind", "Tính theo", width=12, choices=["hộ", "thành viên"])
DESCRIPTION = Column("description", "Mô tả", width=40, max_length=5000)
COLUMNS = [
    NAME,
    CATEGORY,
    LEAD,
    OWNER,
    STARTED,
    SITE,
    SITE_STARTED,
    GROUPS,
    PARTICIPANTS,
    KIND,
    DESCRIPTION,
]
MODEL_COLUMN = {
    "name": NAME,
    "category": CATEGORY,
    "lead_organisation": LEAD,
    "unit": OWNER,
    "started_on": STARTED,
}
SITE_COLUMN = {
    "unit": SITE,
    "started_on": SITE_STARTED,
    "participants": PARTICIPANTS,
    "participant_kind": KIND,
    "origin": SITE,
}
KINDS = {
    name_key("hộ"): Site.Participants.HOUSEHOLDS,
    name_key("thành viên"): Site.Participants.MEMBERS,
}
LEADS = {name_key(str(label)): value for value, label in LeadOrganisation.choices}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    models: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def models_template() -> bytes:
    categories = [c.name for c in ModelCategory.objects.filter(active=True)]
    header = [
        replace(c, header=f"{c.header} *") if c.required else c
        for c in (replace(c, choices=categories) if c.key == "category" else c for c in COLUMNS)
    ]
    notes = [
        _(
            "Mỗi dòng là một điểm áp dụng; các dòng cùng tên mô hình và đơn vị đăng ký là "
            "một mô hình."
        ),
        _("Mã đơn vị là mã vào ngày bắt đầu; ngày ghi dd/mm/yyyy."),
    ]
    return write_workbook(
        [("Mo hinh", header, [])], title=_("Mô hình tự phòng, tự quản, tự bảo vệ"), notes=notes
    )


def _count(record: Record, column: Column, default: int, refuse) -> int | None:
    """A count as an office writes it ("1.480"); empty is `default`."""
    try:
        value = parse_integer(record.values.get(column.key, ""))
    except NotANumber as error:
        refuse(column, str(error))
        return None
    if value is not None and value < 0:
        refuse(column, _("Phải là số nguyên không âm."))
        return None
    return default if value is None else value


@dataclass
class _Row:
    record: Record
    key: tuple
    model: ModelInput
    site: dict


def _validate(by: Actor, records: list[Record]) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    categories = {}
    for c in ModelCategory.objects.all():
        categories[name_key(c.name)] = categories[name_key(c.code)] = c
    units = units_for_entry(by)
    first_of: dict[tuple, _Row] = {}
    sites_seen: dict[tuple, int] = {}
    for record in records:
        v = record.values
        problems: list[CellError] = []

        def refuse(column: Column, message: str, problems=problems, record=record) -> None:
            problems.append(error_at(record, column, message))

        started = parse_day(v.get("started_on", ""))
        if started is None:
            refuse(STARTED, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        site_started = parse_day(v["site_started_on"]) if v.get("site_started_on") else started
        if v.get("site_started_on") and site_started is None:
            refuse(SITE_STARTED, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        category = categories.get(name_key(v.get("category", "")))
        if category is None:
            refuse(CATEGORY, _("Không có nhóm “%(v)s”.") % {"v": v.get("category", "")})
        lead = LEADS.get(name_key(v.get("lead", "")))
        if lead is None:
            refuse(LEAD, _("Không có cơ quan chủ trì “%(v)s”.") % {"v": v.get("lead", "")})
        groups = _count(record, GROUPS, 1, refuse)
        participants = _count(record, PARTICIPANTS, 0, refuse)
        kind = KINDS.get(name_key(v.get("participant_kind", "")) or name_key("hộ"))
        if kind is None:
            refuse(KIND, _("Ghi “hộ” hoặc “thành viên”."))
        owner = site_unit = None
        for column, day, found in ((OWNER, started, "owner"), (SITE, site_started, "site")):
            if day is None:
                continue
            code = v.get(column.key, "").strip()
            unit = units.filter(code=code).valid_on(day).first()
            if unit is None:
                refuse(
                    column,
                    _("Không có đơn vị mã %(code)s vào ngày %(day)s trong phạm vi của bạn.")
                    % {"code": code, "day": day.strftime("%d/%m/%Y")},
                )
            elif found == "owner":
                owner = unit
            else:
                site_unit = unit
        if problems:
            errors += problems
            continue
        model = ModelInput(
            unit=owner,
            name=" ".join(v.get("name", "").split()),
            category=category,
            lead_organisation=lead,
            started_on=started,
            description=v.get("description", "").strip(),
        )
        key = (owner.pk, fold(model.name))
        first = first_of.get(key)
        if first is None:
            try:
                model_check(model)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors += [error_at(record, MODEL_COLUMN.get(field, NAME), m) for m in messages]
                continue
        elif (first.model.category, first.model.lead_organisation, first.model.started_on) != (
            category,
            lead,
            started,
        ):
            errors.append(
                error_at(
                    record,
                    NAME,
                    _(
                        "Cùng mô hình với dòng %(row)s nhưng khác nhóm, cơ quan "
                        "chủ trì hoặc ngày bắt đầu."
                    )
                    % {"row": first.record.row},
                )
            )
            continue
        registered = CommunityModel.objects.filter(unit=owner, name_folded=key[1]).first()
        probe = registered
        if probe is None:  # the model this file registers, checked before it exists
            probe = CommunityModel(unit=owner, started_on=started)
            place(probe)
        site = {
            "unit": site_unit,
            "started_on": site_started,
            "groups": groups,
            "participants": participants,
            "participant_kind": kind,
        }
        if (key, site_unit.pk) in sites_seen:
            errors.append(
                error_at(
                    record,
                    SITE,
                    _("Trùng với dòng %(row)s.") % {"row": sites_seen[(key, site_unit.pk)]},
                )
            )
            continue
        sites_seen[(key, site_unit.pk)] = record.row
        running = (
            registered is not None
            and Site.objects.filter(
                model=registered, unit=site_unit, ended_on__isnull=True
            ).exists()
        )
        if not running:
            try:
                site_check(model=probe, **site)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors += [error_at(record, SITE_COLUMN.get(field, SITE), m) for m in messages]
                continue
        row = _Row(record, key, model, site)
        first_of.setdefault(key, row)
        rows.append(row)
    if errors:
        raise TabularError(errors)
    return rows


def models_check(*, by: Actor, upload: IO[bytes], filename: str) -> list[_Row]:
    return _validate(by, read_records(upload, filename, COLUMNS))


def models_import(
    *,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import models and their sites, all or nothing. Raises TabularError."""
    rows = models_check(by=by, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        models: dict[tuple, CommunityModel] = {}
        for index, row in enumerate(rows, start=1):
            model = (
                models.get(row.key)
                or CommunityModel.objects.filter(
                    unit=row.model.unit, name_folded=row.key[1]
                ).first()
            )
            if model is None:
                model = model_register(by=by, data=row.model)
                result.models += 1
            models[row.key] = model
            unit = row.site["unit"]
            if Site.objects.filter(model=model, unit=unit, ended_on__isnull=True).exists():
                result.unchanged += 1
            else:
                site_add(by=by, model=model, **row.site)
                result.created += 1
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            object_type="community.communitymodel",
            unit_path=scope_of(row.site["unit"] for row in rows),
            after={
                "file": filename,
                "models": result.models,
                "sites": result.created,
                "unchanged": result.unchanged,
            },
            note=filename,
        )
    return result
