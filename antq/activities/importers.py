"""Bulk import of activities from XLSX or CSV, all or nothing.

Every row is checked by the same validator as the form and the API
(`activity_check`), with the history rule: the unit code means the unit that
existed on the row's date. If any row is wrong nothing is written and every
problem is reported by row and column. A row already recorded (same unit,
kind, date and title) is left as it is, so importing a file twice adds
nothing. Each row is written through `activity_create` (audited), plus one
entry for the import itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import Actor, Refused
from antq.activities.models import Activity, ActivityKind, OutputKind, ThreatCategory
from antq.activities.reviews import reviewed_period_of
from antq.activities.services import ActivityInput, activity_check, activity_create
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
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
from antq.core.vietnamese import NotANumber, name_key, parse_integer
from antq.units.placement import scope_of
from antq.units.selectors import units_for_entry

UNIT = Column("unit", "Mã đơn vị", required=True, width=14, help="mã đơn vị vào ngày hoạt động")
DATE = Column("date", "Ngày", required=True, width=12, help="dd/mm/yyyy")
END_DATE = Column("end_date", "Đến ngày", width=12)
KIND = Column("kind", "Loại hoạt động", required=True, width=28)
TITLE = Column("title", "Tên hoạt động", required=True, width=40)
TOPIC = Column("topic", "Chủ đề, nội dung", width=40, max_length=5000)
HOST = Column("host", "Cơ quan chủ trì", width=24)
PRESENTER = Column("presenter_name", "Báo cáo viên", width=20, max_length=120)
PRESENTER_POSITION = Column("presenter_position", "Chức vụ báo cáo viên", width=24)
CHAIR = Column("chair_name", "Người chủ trì", width=20, max_length=120)
CHAIR_POSITION = Column("chair_position", "Chức vụ người chủ trì", width=24)
ATTENDANCE = Column("attendance", "Số người dự", width=10)
CATEGORIES = Column("categories", "Lĩnh vực", width=30, help="nhiều lĩnh vực cách nhau bằng dấu ;")
REVIEWED = Column(
    "reviewed_period",
    "Kỳ được sơ kết, tổng kết",
    width=20,
    help="chỉ với hội nghị sơ kết, tổng kết: 2021, 2021S1 hoặc “6 tháng đầu năm 2021”",
)
FIXED = [
    UNIT, DATE, END_DATE, KIND, TITLE, TOPIC, HOST, PRESENTER, PRESENTER_POSITION,
    CHAIR, CHAIR_POSITION, ATTENDANCE, CATEGORIES, REVIEWED,
]  # fmt: skip
FIELD_COLUMN = {c.key: c for c in FIXED}


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def _columns() -> tuple[list[Column], list[OutputKind]]:
    outputs = list(OutputKind.objects.filter(active=True))
    columns = list(FIXED) + [
        Column(f"output_{k.code}", k.name, width=12, aliases=[k.code]) for k in outputs
    ]
    return columns, outputs


def activities_template() -> bytes:
    """The XLSX template: one row per activity, the lists to choose from."""
    columns, _outputs = _columns()
    kinds = [k.name for k in ActivityKind.objects.filter(active=True)]
    header = [
        replace(c, header=f"{c.header} *") if c.required else c
        for c in (replace(c, choices=kinds) if c.key == "kind" else c for c in columns)
    ]
    categories = "; ".join(c.name for c in ThreatCategory.objects.filter(active=True))
    notes = [
        _("Mỗi dòng là một hoạt động. Cột có dấu * là bắt buộc; ngày ghi dd/mm/yyyy."),
        _("Mã đơn vị là mã của đơn vị vào ngày hoạt động (đơn vị trước sắp xếp năm 2025 "
          "dùng mã cũ)."),
        _("Lĩnh vực (cách nhau bằng dấu ;): %(list)s.") % {"list": categories},
        _("Hội nghị sơ kết, tổng kết ghi kỳ được sơ kết, tổng kết (ví dụ 2021): hội nghị "
          "được tính vào kỳ đó."),
        _("Các cột sản phẩm ghi số lượng (số nguyên không âm)."),
    ]  # fmt: skip
    return write_workbook(
        [("Hoat dong", header, [])], title=_("Danh sách hoạt động của phong trào"), notes=notes
    )


@dataclass
class _Row:
    record: Record
    data: ActivityInput


def _count(text: str) -> int:
    """A count as an office writes it ("1.480"); NotANumber with the message."""
    count = parse_integer(text)
    if count is None or count < 0:
        raise NotANumber(_("Phải là số nguyên không âm."))
    return count


def _validate(by: Actor, records: list[Record], columns: list[Column], outputs) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    kinds = {name_key(k.name): k for k in ActivityKind.objects.all()}
    kinds |= {name_key(k.code): k for k in ActivityKind.objects.all()}
    categories = {}
    for c in ThreatCategory.objects.filter(active=True):
        categories[name_key(c.name)] = categories[name_key(c.code)] = c.code
    units = units_for_entry(by)
    seen: dict[tuple, int] = {}
    for record in records:
        v = record.values
        problems: list[CellError] = []

        def refuse(column: Column, message: str, problems=problems, record=record) -> None:
            problems.append(error_at(record, column, message))

        day = parse_day(v.get("date", ""))
        if day is None:
            refuse(DATE, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        end = None
        if v.get("end_date"):
            end = parse_day(v["end_date"])
            if end is None:
                refuse(END_DATE, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        kind = kinds.get(name_key(v.get("kind", "")))
        if kind is None:
            refuse(KIND, _("Không có loại hoạt động “%(v)s”.") % {"v": v.get("kind", "")})
        attendance = 0
        if v.get("attendance"):
            try:
                attendance = _count(v["attendance"])
            except NotANumber as error:
                refuse(ATTENDANCE, str(error))
        chosen = []
        for part in filter(None, (p.strip() for p in v.get("categories", "").split(";"))):
            code = categories.get(name_key(part))
            if code is None:
                refuse(CATEGORIES, _("Không có lĩnh vực “%(v)s”.") % {"v": part})
            else:
                chosen.append(code)
        reviewed = reviewed_period_of(v.get("reviewed_period", ""))
        if reviewed is None:
            refuse(
                REVIEWED,
                _("Kỳ “%(v)s” không hợp lệ; ghi như 2021, 2021S1 hoặc “6 tháng đầu năm 2021”.")
                % {"v": v.get("reviewed_period", "")},
            )
        counts = {}
        for column, kind_of_output in zip(columns[len(FIXED) :], outputs, strict=True):
            text = v.get(column.key, "")
            if text:
                try:
                    counts[kind_of_output.code] = _count(text)
                except NotANumber as error:
                    refuse(column, str(error))
        unit = None
        if day is not None:
            code = v.get("unit", "").strip()
            unit = units.filter(code=code).valid_on(day).first()
            if unit is None:
                refuse(
                    UNIT,
                    _("Không có đơn vị mã %(code)s vào ngày %(day)s trong phạm vi của bạn.")
                    % {"code": code, "day": day.strftime("%d/%m/%Y")},
                )
        if problems:
            errors += problems
            continue
        data = ActivityInput(
            unit=unit,
            kind=kind,
            title=" ".join(v.get("title", "").split()),
            date=day,
            end_date=end,
            topic=v.get("topic", "").strip(),
            host=v.get("host", "").strip(),
            presenter_name=v.get("presenter_name", "").strip(),
            presenter_position=v.get("presenter_position", "").strip(),
            chair_name=v.get("chair_name", "").strip(),
            chair_position=v.get("chair_position", "").strip(),
            attendance=attendance,
            reviewed_period=reviewed or "",
            categories=chosen,
            outputs=counts,
        )
        try:
            activity_check(by=by, data=data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = FIELD_COLUMN.get(field, UNIT)
                errors += [error_at(record, column, m) for m in messages]
            continue
        except Refused as error:
            errors.append(error_at(record, UNIT, str(error)))
            continue
        key = (unit.pk, kind.pk, day, name_key(data.title))
        if key in seen:
            errors.append(
                error_at(record, TITLE, _("Trùng với dòng %(row)s.") % {"row": seen[key]})
            )
            continue
        seen[key] = record.row
        rows.append(_Row(record, data))
    if errors:
        raise TabularError(errors)
    return rows


def activities_check(*, by: Actor, upload: IO[bytes], filename: str) -> list[_Row]:
    """Read and validate an upload without writing anything. Raises TabularError."""
    columns, outputs = _columns()
    return _validate(by, read_records(upload, filename, columns), columns, outputs)


def _recorded(data: ActivityInput) -> bool:
    return Activity.objects.filter(
        unit=data.unit, kind=data.kind, date=data.date, title__iexact=data.title
    ).exists()


def activities_import(
    *,
    upload: IO[bytes],
    filename: str,
    by: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import activities from an XLSX/CSV upload, all or nothing. Raises
    TabularError listing every problem (nothing written)."""
    rows = activities_check(by=by, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            if _recorded(row.data):
                result.unchanged += 1
            else:
                activity_create(by=by, data=row.data)
                result.created += 1
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            object_type="activities.activity",
            unit_path=scope_of(row.data.unit for row in rows),
            after={"file": filename, "created": result.created, "unchanged": result.unchanged},
            note=filename,
        )
    return result
