"""Bulk import of the units below a commune from XLSX or CSV.

The whole file is validated first; if any row is wrong nothing is written and
every problem is reported with its row and column. Otherwise each row goes
through the same services as the forms (so each write is audited), inside one
transaction, and one more audit entry records the import itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.actors import Actor
from antq.core.dates import future_date_message
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
from antq.core.vietnamese import NotANumber, fold, format_date, name_key, parse_integer
from antq.units.models import BELOW_COMMUNE_TYPES, KINDS_BY_TYPE, Unit
from antq.units.services import unit_create, unit_update

TYPE_LABELS = {
    Unit.Type.RESIDENTIAL_AREA: "Khu dân cư",
    Unit.Type.AGENCY: "Cơ quan, tổ chức",
    Unit.Type.ENTERPRISE: "Doanh nghiệp",
    Unit.Type.SCHOOL: "Cơ sở giáo dục",
}
KIND_LABELS = {
    kind: str(Unit.Kind(kind).label) for t in BELOW_COMMUNE_TYPES for kind in KINDS_BY_TYPE[t]
}

CODE = Column(
    "code",
    "Mã",
    width=14,
    help="Để trống để hệ thống tự cấp mã; ghi mã đã có để cập nhật đơn vị đó.",
)
NAME = Column("name", "Tên", required=True, width=32)
TYPE = Column("type", "Loại đơn vị", required=True, width=18, choices=list(TYPE_LABELS.values()))
KIND = Column("kind", "Loại hình", required=True, width=26, choices=list(KIND_LABELS.values()))
FOUNDED = Column(
    "valid_from",
    "Ngày thành lập",
    width=14,
    help="dd/mm/yyyy, không sau hôm nay; để trống: hôm nay (đơn vị mới) hoặc giữ nguyên.",
)
HOUSEHOLDS = Column("households", "Số hộ", width=10)
POPULATION = Column("population", "Số nhân khẩu", width=14)
ADDRESS = Column("address", "Địa chỉ", width=32)
NOTE = Column("note", "Ghi chú", width=32, max_length=2000)
COLUMNS = [CODE, NAME, TYPE, KIND, FOUNDED, HOUSEHOLDS, POPULATION, ADDRESS, NOTE]

_TYPE_BY_KEY = {name_key(label): value for value, label in TYPE_LABELS.items()}
_TYPE_BY_KEY[name_key("Cơ quan")] = Unit.Type.AGENCY  # the label of earlier templates
_KIND_BY_KEY = {name_key(label): value for value, label in KIND_LABELS.items()}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    record: Record
    values: dict
    existing: Unit | None


def units_template(commune: Unit) -> bytes:
    """The XLSX template for `commune`, listing its current units so it can be
    edited and uploaded back."""
    rows = [
        [
            u.code,
            u.name,
            TYPE_LABELS[u.type],
            KIND_LABELS.get(u.kind, ""),
            format_date(u.valid_from),
            u.households or "",
            u.population or "",
            u.address,
            u.note,
        ]
        for u in commune.children.filter(
            valid_to__isnull=True, type__in=BELOW_COMMUNE_TYPES
        ).order_by("type", "name_folded")
    ]
    notes = [
        _("Mỗi dòng là một khu dân cư, cơ quan, doanh nghiệp hoặc cơ sở giáo dục."),
        _("Cột có dấu * là bắt buộc. Để trống cột Mã để thêm mới; giữ Mã để cập nhật."),
    ]
    # "Tên *" still matches "Tên" on upload: headers compare by letters only.
    header = [replace(c, header=f"{c.header} *") if c.required else c for c in COLUMNS]
    return write_workbook(
        [("Don vi", header, rows)],
        title=_("Danh sách đơn vị thuộc %(commune)s") % {"commune": commune.name},
        notes=notes,
    )


def _count(record: Record, column: Column, errors: list[CellError]) -> int | None:
    """A count as offices write it ("1.480"), or None when the cell is empty;
    anything else is the cell's error."""
    try:
        value = parse_integer(record.values.get(column.key, ""))
    except NotANumber as error:
        errors.append(error_at(record, column, str(error)))
        return None
    if value is not None and value < 0:
        errors.append(error_at(record, column, _("Phải là số nguyên không âm.")))
        return None
    return value


def _founded(record: Record, errors: list[CellError]) -> date | None:
    """The founding date of a row (None when empty); a date that cannot be
    read or has not come yet is the cell's error."""
    text = record.values.get(FOUNDED.key, "").strip()
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        errors.append(error_at(record, FOUNDED, _("Ngày cần viết dạng dd/mm/yyyy.")))
    elif message := future_date_message(day, what=_("Ngày thành lập")):
        errors.append(error_at(record, FOUNDED, message))
        return None
    return day


def _validate(commune: Unit, records: list[Record]) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    open_units = Unit.objects.filter(valid_to__isnull=True)
    children = {u.code: u for u in commune.children.filter(valid_to__isnull=True)}
    existing_names = {(u.type, u.name_folded): u.code for u in children.values()}
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for record in records:
        v = record.values
        name = " ".join(v.get("name", "").split())
        if not name:
            errors.append(error_at(record, NAME, _("Cần nhập tên.")))
        unit_type = _TYPE_BY_KEY.get(name_key(v.get("type", "")))
        if unit_type is None:
            errors.append(
                error_at(
                    record,
                    TYPE,
                    _("“%(value)s” không phải loại đơn vị hợp lệ; chọn: %(choices)s.")
                    % {"value": v.get("type", ""), "choices": ", ".join(TYPE_LABELS.values())},
                )
            )
        kind = _KIND_BY_KEY.get(name_key(v.get("kind", "")))
        if unit_type and kind not in KINDS_BY_TYPE[unit_type]:
            allowed = ", ".join(KIND_LABELS[k] for k in KINDS_BY_TYPE[unit_type])
            errors.append(
                error_at(
                    record,
                    KIND,
                    _("“%(value)s” không hợp với %(type)s; chọn: %(choices)s.")
                    % {
                        "value": v.get("kind", ""),
                        "type": TYPE_LABELS[unit_type].lower(),
                        "choices": allowed,
                    },
                )
            )
        founded = _founded(record, errors)
        households = _count(record, HOUSEHOLDS, errors)
        population = _count(record, POPULATION, errors)
        code = v.get("code", "").strip()
        existing = None
        if code:
            if code in seen_codes:
                errors.append(
                    error_at(
                        record, CODE, _("Mã trùng với dòng %(row)s.") % {"row": seen_codes[code]}
                    )
                )
            seen_codes[code] = record.row
            existing = children.get(code)
            if existing is None and open_units.filter(code=code).exists():
                errors.append(
                    error_at(
                        record,
                        CODE,
                        _("Mã %(code)s đã dùng cho một đơn vị không thuộc %(commune)s.")
                        % {"code": code, "commune": commune.name},
                    )
                )
            elif existing is not None and not existing.is_below_commune:
                errors.append(error_at(record, CODE, _("Không sửa được đơn vị hành chính.")))
        if name and unit_type:
            key = (unit_type, fold(name))
            if key in seen_names:
                errors.append(
                    error_at(
                        record, NAME, _("Tên trùng với dòng %(row)s.") % {"row": seen_names[key]}
                    )
                )
            seen_names[key] = record.row
            owner = existing_names.get(key)
            if owner and owner != code:
                errors.append(
                    error_at(
                        record,
                        NAME,
                        _("Đã có đơn vị cùng tên (mã %(code)s); ghi mã đó để cập nhật.")
                        % {"code": owner},
                    )
                )
        values = {
            "code": code,
            "name": name,
            "type": unit_type,
            "kind": kind,
            "households": households,
            "population": population,
            "address": v.get("address", "").strip(),
            "note": v.get("note", "").strip(),
        }
        if founded is not None:  # empty: today for a new unit, unchanged for one that exists
            values["valid_from"] = founded
        rows.append(_Row(record, values, existing))
    if errors:
        raise TabularError(errors)
    return rows


def units_check(*, commune: Unit, upload: IO[bytes], filename: str) -> list:
    """Read and validate an upload without writing anything (the page answers a
    bad file at once; the job then imports it). Raises TabularError."""
    if commune.type != Unit.Type.COMMUNE or not commune.is_open:
        raise TabularError(
            [CellError(0, "", _("Chỉ nhập được vào một xã, phường, đặc khu đang hoạt động."))]
        )
    return _validate(commune, read_records(upload, filename, COLUMNS))


def units_import(
    *,
    commune: Unit,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import units below `commune` from an XLSX/CSV upload, all or nothing.

    Raises TabularError listing every problem (nothing written), or
    Refused if `by` may not edit the commune.
    """
    rows = units_check(commune=commune, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            try:
                _write_row(commune, row, by, result)
            except ValidationError as exc:
                messages = "; ".join(exc.messages)
                raise TabularError([CellError(row.record.row, "", messages)]) from None
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=commune,
            unit_path=commune.path,
            after={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
            note=filename,
        )
    return result


def _write_row(commune: Unit, row: _Row, by: Actor, result: ImportResult) -> None:
    values = row.values
    if row.existing is None:
        unit_create(parent=commune, by=by, **values)
        result.created += 1
        return
    changes = {k: v for k, v in values.items() if getattr(row.existing, k) != v}
    if not changes:
        result.unchanged += 1
        return
    unit_update(unit=row.existing, by=by, **changes)
    result.updated += 1
