"""Bulk import of a plan's tasks from XLSX or CSV, all or nothing.

A row is a task: its number (an existing number updates that task), text,
lead unit code (the unit of the plan's date), coordinating units, deadline and
recurrence (a plain choice: "hằng năm", "6 tháng", "hằng quý", "hằng tháng";
or an RRULE). Every row goes
through the task validator; a deadline outside the plan's years, an unknown
unit or an unreadable rule is reported by row and column, and nothing is
written."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

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
from antq.core.vietnamese import name_key
from antq.plans.models import Plan, Task
from antq.plans.services import TaskInput, recurrence_rule, task_add, task_check, task_update
from antq.units.models import Unit

NUMBER = Column("number", "Số thứ tự", required=True, width=8)
TEXT = Column("text", "Nội dung nhiệm vụ", required=True, width=50, max_length=5000)
LEAD = Column("lead", "Mã đơn vị chủ trì", required=True, width=14)
COORDINATING = Column("coordinating", "Đơn vị phối hợp", width=30, max_length=500)
DEADLINE = Column("deadline", "Thời hạn", width=12, help="dd/mm/yyyy")
REPEAT = Column(
    "repeat",
    "Lặp lại",
    width=20,
    choices=["", "hằng năm", "6 tháng", "hằng quý", "hằng tháng"],
)
OUTPUT = Column("expected_output", "Sản phẩm", width=30, max_length=500)
COLUMNS = [NUMBER, TEXT, LEAD, COORDINATING, DEADLINE, REPEAT, OUTPUT]
FIELD_COLUMN = {c.key: c for c in COLUMNS} | {"recurrence": REPEAT}
PLAIN = {
    name_key("hằng năm"): "yearly",
    name_key("6 tháng"): "half_yearly",
    name_key("hằng quý"): "quarterly",
    name_key("hằng tháng"): "monthly",
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def tasks_template(plan: Plan) -> bytes:
    rows = [
        [
            t.number,
            t.text,
            t.lead.code,
            t.coordinating,
            t.deadline.strftime("%d/%m/%Y") if t.deadline else "",
            t.recurrence,
            t.expected_output,
        ]
        for t in plan.tasks.select_related("lead")
    ]
    header = [replace(c, header=f"{c.header} *") if c.required else c for c in COLUMNS]
    notes = [
        _("Mỗi dòng một nhiệm vụ; số thứ tự đã có thì cập nhật nhiệm vụ đó."),
        _("Lặp lại: để trống (một lần), hằng năm, 6 tháng, hằng quý, hằng tháng, hoặc RRULE."),
    ]
    return write_workbook(
        [("Nhiem vu", header, rows)],
        title=_("Nhiệm vụ của kế hoạch %(ref)s") % {"ref": plan.reference},
        notes=notes,
    )


@dataclass
class _Row:
    record: Record
    data: TaskInput
    existing: Task | None


def _validate(plan: Plan, records: list[Record]) -> list[_Row]:
    errors: list[CellError] = []
    rows: list[_Row] = []
    existing = {t.number: t for t in plan.tasks.all()}
    # a lead code means the unit of the plan's date (else today's)
    then, today = Unit.objects.valid_on(plan.date), Unit.objects.filter(valid_to__isnull=True)
    seen: dict[int, int] = {}
    for record in records:
        v = record.values
        problems: list[CellError] = []

        def refuse(column: Column, message: str, problems=problems, record=record) -> None:
            problems.append(error_at(record, column, message))

        number = v.get("number", "").strip()
        if not number.isdigit() or int(number) < 1:
            refuse(NUMBER, _("Số thứ tự là số nguyên từ 1."))
        elif int(number) in seen:
            refuse(NUMBER, _("Trùng với dòng %(row)s.") % {"row": seen[int(number)]})
        else:
            seen[int(number)] = record.row
        code = v.get("lead", "").strip()
        lead = then.filter(code=code).first() or today.filter(code=code).first()
        if lead is None:
            refuse(LEAD, _("Không có đơn vị mã %(c)s.") % {"c": v.get("lead", "")})
        deadline = None
        if v.get("deadline"):
            deadline = parse_day(v["deadline"])
            if deadline is None:
                refuse(DEADLINE, _("Ngày không hợp lệ; ghi theo dạng dd/mm/yyyy."))
        text = v.get("repeat", "").strip()
        choice = PLAIN.get(name_key(text)) if text else ""
        if text and choice is None:
            choice = "custom"
        if choice in {"yearly", "monthly"} and deadline is None and not problems:
            refuse(REPEAT, _("Lặp lại theo ngày của thời hạn: nhập thời hạn."))
        if problems:
            errors += problems
            continue
        data = TaskInput(
            number=int(number),
            text=v.get("text", ""),
            lead=lead,
            coordinating=v.get("coordinating", ""),
            deadline=deadline,
            recurrence=recurrence_rule(choice, deadline, text),
            expected_output=v.get("expected_output", ""),
        )
        found: dict[str, list[str]] = {}
        task_check(plan, data, found)
        for field, messages in found.items():
            errors += [error_at(record, FIELD_COLUMN.get(field, TEXT), m) for m in messages]
        if not found:
            rows.append(_Row(record, data, existing.get(data.number)))
    if errors:
        raise TabularError(errors)
    return rows


def tasks_check(*, by, plan: Plan, upload: IO[bytes], filename: str) -> list[_Row]:
    del by  # the page and the service check the right to edit the plan
    return _validate(plan, read_records(upload, filename, COLUMNS))


def _same(task: Task, data: TaskInput) -> bool:
    return (
        task.text,
        task.lead_id,
        task.coordinating,
        task.deadline,
        task.recurrence,
        task.expected_output,
    ) == (
        data.text.strip(),
        data.lead.pk,
        data.coordinating.strip(),
        data.deadline,
        data.recurrence,
        data.expected_output.strip(),
    )


def tasks_import(
    *,
    plan: Plan,
    upload: IO[bytes],
    filename: str,
    by,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a plan's tasks, all or nothing. Raises TabularError."""
    rows = tasks_check(by=by, plan=plan, upload=upload, filename=filename)
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            if row.existing is None:
                task_add(by=by, plan=plan, data=row.data)
                result.created += 1
            elif _same(row.existing, row.data):
                result.unchanged += 1
            else:
                task_update(by=by, task=row.existing, data=row.data)
                result.updated += 1
            if progress:
                progress(index, len(rows))
        audit_record(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=plan,
            unit_path=plan.scope_path,
            after={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
            note=filename,
        )
    return result
