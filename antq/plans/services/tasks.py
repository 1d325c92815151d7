"""A plan's key tasks and the dated occurrences they expand into.

Rules:
- a task's deadline lies within the plan's years; a recurrence is an RFC 5545
  RRULE (python-dateutil) that yields at least one date within them;
- its lead is a unit that existed during the plan (from its date to its last
  year: a 2022 task of a province closed in 2025 is led by a unit of 2022),
  within the issuer's area as it was, or within today's unit carrying it;
- a task expands into dated occurrences: its deadline (or the last day of the
  plan) when it does not recur, else every date of its rule; editing a task
  keeps the occurrences someone has reported on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.vietnamese import format_date
from antq.plans.models import Occurrence, Plan, Task
from antq.units.models import Unit
from antq.units.placement import place, unit_place

if TYPE_CHECKING:
    from antq.plans.services.plans import PlanInput

TASK_FIELDS = [
    "plan_id",
    "number",
    "text",
    "lead_id",
    "coordinating",
    "deadline",
    "recurrence",
    "expected_output",
    "version",
]
MAX_OCCURRENCES = 400


@dataclass
class TaskInput:
    number: int
    text: str
    lead: Unit
    deadline: date | None = None
    recurrence: str = ""
    coordinating: str = ""
    expected_output: str = ""


def period_of(first_year: int, last_year: int) -> tuple[date, date]:
    return date(first_year, 1, 1), date(last_year, 12, 31)


def expand(
    *, deadline: date | None, recurrence: str, first_year: int, last_year: int
) -> list[date]:
    """The dates a task is due within the plan's years. Raises ValueError for a
    rule python-dateutil cannot read."""
    start, end = period_of(first_year, last_year)
    if not recurrence:
        return [deadline or end]
    rule = rrulestr(recurrence, dtstart=datetime.combine(start, datetime.min.time()))
    dates = []
    for moment in rule.between(
        datetime.combine(start, datetime.min.time()),
        datetime.combine(end, datetime.max.time()),
        inc=True,
    ):
        dates.append(moment.date())
        if len(dates) > MAX_OCCURRENCES:
            break
    return dates


def _recurrence_dates(plan: Plan | PlanInput, data: TaskInput, refuse) -> list[date]:
    """The dates of a recurring task, or [] after refusing its rule."""
    years = f"{plan.first_year}–{plan.last_year}"
    recurrence = data.recurrence.strip().removeprefix("RRULE:")
    try:
        dates = expand(
            deadline=data.deadline,
            recurrence=recurrence,
            first_year=plan.first_year,
            last_year=plan.last_year,
        )
    except (ValueError, TypeError):
        refuse(
            "recurrence",
            _("Quy tắc lặp lại không hợp lệ: %(rule)s (ví dụ FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19).")
            % {"rule": recurrence},
        )
        return []
    if not dates:
        refuse(
            "recurrence",
            _("Quy tắc lặp lại không có ngày nào trong thời gian của kế hoạch (%(y)s).")
            % {"y": years},
        )
    elif len(dates) > MAX_OCCURRENCES:
        refuse(
            "recurrence",
            _("Quy tắc lặp lại cho quá %(n)s lần; chọn chu kỳ dài hơn.") % {"n": MAX_OCCURRENCES},
        )
    return dates


def task_check(
    plan: Plan | PlanInput, data: TaskInput, errors: dict, prefix: str = ""
) -> list[date]:
    """The one validator of a task (within its plan's years); adds messages to
    `errors` under `prefix + field` and returns the task's due dates."""

    def refuse(name: str, message: str) -> None:
        errors.setdefault(prefix + name, []).append(message)

    start, end = period_of(plan.first_year, plan.last_year)
    if not data.text.strip():
        refuse("text", _("Nhập nội dung nhiệm vụ."))
    if data.number is None or data.number < 1:
        refuse("number", _("Số thứ tự là số nguyên từ 1."))
    if data.deadline is not None and not (start <= data.deadline <= end):
        refuse(
            "deadline",
            _("Thời hạn %(day)s ngoài thời gian của kế hoạch (%(years)s).")
            % {"day": format_date(data.deadline), "years": f"{plan.first_year}–{plan.last_year}"},
        )
    lead = data.lead
    if (lead.valid_from and lead.valid_from > end) or (lead.valid_to and lead.valid_to < plan.date):
        refuse(
            "lead",
            _("%(u)s không tồn tại trong thời gian của kế hoạch (từ %(a)s đến %(b)s).")
            % {"u": lead.name, "a": format_date(plan.date), "b": format_date(end)},
        )
    carrier = plan.scope_path if isinstance(plan, Plan) else unit_place(plan.unit)["scope_path"]
    if not (lead.path.startswith(plan.unit.path) or lead.path.startswith(carrier)):
        refuse(
            "lead",
            _("%(u)s không thuộc địa bàn của đơn vị ban hành kế hoạch.") % {"u": data.lead.name},
        )
    if data.recurrence.strip().removeprefix("RRULE:"):
        return _recurrence_dates(plan, data, refuse)
    if errors:
        return []
    return expand(
        deadline=data.deadline, recurrence="", first_year=plan.first_year, last_year=plan.last_year
    )


def _write_occurrences(task: Task, dates: list[date]) -> None:
    """Bring the task's occurrences to `dates`, keeping any reported on."""
    wanted = set(dates)
    existing = {o.due: o for o in task.occurrences.all()}
    stale = [
        o.pk
        for due, o in existing.items()
        if due not in wanted and o.status == Occurrence.Status.NOT_STARTED and not o.narrative
    ]
    Occurrence.objects.filter(pk__in=stale).delete()
    Occurrence.objects.bulk_create(
        [Occurrence(task=task, due=due) for due in sorted(wanted - set(existing))]
    )


def _task_from(plan: Plan, data: TaskInput) -> Task:
    return Task(
        plan=plan,
        number=data.number,
        text=data.text.strip(),
        lead=data.lead,
        coordinating=data.coordinating.strip(),
        deadline=data.deadline,
        recurrence=data.recurrence.strip().removeprefix("RRULE:"),
        expected_output=data.expected_output.strip(),
    )


def _task_save(by: Actor, plan: Plan, task: Task, dates: list[date], before=None) -> None:
    """Save a task with its occurrences, audited (created, or updated from `before`)."""
    place(task)  # today's unit carrying its lead reports on it
    task.save()
    _write_occurrences(task, dates)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        obj=task,
        unit_path=plan.scope_path,
        before=before,
        after=snapshot(task, TASK_FIELDS),
    )


def _refuse_reused_number(plan: Plan, data: TaskInput, errors: dict, task: Task | None = None):
    taken = plan.tasks.filter(number=data.number)
    if task is not None:
        taken = taken.exclude(pk=task.pk)
    if taken.exists():
        errors.setdefault("number", []).append(_("Số thứ tự %(n)s trùng.") % {"n": data.number})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_add(*, by: Actor, plan: Plan, data: TaskInput) -> Task:
    """Add a task to `plan` with its occurrences (audited). Raises Refused
    outside the issuer's scope, ValidationError for a bad task."""
    require(by, EDIT, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    errors: dict[str, list[str]] = {}
    dates = task_check(plan, data, errors)
    _refuse_reused_number(plan, data, errors)
    task = _task_from(plan, data)
    _task_save(by, plan, task, dates)
    return task


@transaction.atomic
def task_update(
    *, by: Actor, task: Task, data: TaskInput, expected_version: int | None = None
) -> Task:
    """Edit a task; its occurrences follow, those reported on stay (audited).
    Raises StaleVersion, Refused, ValidationError."""
    lock_current(task, expected_version=expected_version)
    plan = task.plan
    require(by, EDIT, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    errors: dict[str, list[str]] = {}
    dates = task_check(plan, data, errors)
    _refuse_reused_number(plan, data, errors, task)
    before = snapshot(task, TASK_FIELDS)
    fresh = _task_from(plan, data)
    for name in ("number", "text", "lead", "coordinating", "deadline", "recurrence"):
        setattr(task, name, getattr(fresh, name))
    task.expected_output = fresh.expected_output
    bump(task)
    _task_save(by, plan, task, dates, before)
    return task
