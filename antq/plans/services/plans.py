"""Plans: registered with their tasks, and their signed document.

Rules:
- a plan is issued by a unit that existed on its date; its number and symbol
  are not reused by that unit in the same year; its years run forwards, at
  most MAX_YEARS of them;
- every task is checked as `task_check` says, within the plan's years;
- a plan whose issuer closed is history until a successor takes it over
  ("tiếp nhận"): an open unit carrying the issuer, from a day after the
  closure within the plan's years; from that day its occurrences are the
  successor's to carry out.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import future_date_message
from antq.core.vietnamese import format_date
from antq.plans.models import Plan
from antq.plans.services.files import _file_name, _refuse_if_too_large
from antq.plans.services.tasks import TaskInput, _task_from, _task_save, task_check
from antq.units.models import Unit
from antq.units.placement import place

PLAN_FIELDS = [
    "unit_id",
    "register_document_id",
    "number",
    "symbol",
    "date",
    "title",
    "first_year",
    "last_year",
    "kind",
    "version",
]
MAX_YEARS = 10
# who issues a plan drafted on the register: the rule of antq.documents.Authority
ISSUERS = {"ubnd": "plan", "bcd": "plan.steering"}


@dataclass
class PlanInput:
    """A plan issued elsewhere is recorded with its number and symbol; a plan
    drafted here (`on_register`) has neither until the register issues it
    (`plan_issue`), and says who issues it (`issuer`: the People's Committee
    or its steering committee) and what its sections I and III say."""

    unit: Unit
    number: str
    symbol: str
    date: date
    title: str
    first_year: int
    last_year: int
    kind: str = Plan.Kind.MULTI_YEAR
    tasks: list[TaskInput] = field(default_factory=list)
    on_register: bool = False
    issuer: str = "ubnd"
    purpose: str = ""
    organisation: str = ""


def _plan_errors(data: PlanInput, plan: Plan | None, refuse) -> None:
    required = ("title",) if data.on_register else ("number", "symbol", "title")
    for name in required:
        if not str(getattr(data, name)).strip():
            refuse(name, _("Trường này là bắt buộc."))
    if data.on_register and data.issuer not in ISSUERS:
        refuse("issuer", _("Chọn cơ quan ban hành."))
    if not data.unit.is_valid_on(data.date):
        refuse(
            "date",
            _("%(u)s không tồn tại vào ngày %(d)s.")
            % {"u": data.unit.name, "d": format_date(data.date)},
        )
    if message := future_date_message(data.date, what=_("Ngày ban hành")):
        refuse("date", message)
    if data.last_year < data.first_year:
        refuse("last_year", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
    elif data.last_year - data.first_year + 1 > MAX_YEARS:
        refuse("last_year", _("Một kế hoạch dài tối đa %(n)s năm.") % {"n": MAX_YEARS})
    if data.kind not in Plan.Kind.values:
        refuse("kind", _("Chọn loại kế hoạch."))
    if data.on_register:
        return  # the register gives the number when the plan is issued
    reused = Plan.objects.filter(
        unit=data.unit,
        number=data.number.strip(),
        symbol__iexact=data.symbol.strip(),
        date__year=data.date.year,
    )
    if plan is not None:
        reused = reused.exclude(pk=plan.pk)
    if reused.exists():
        refuse(
            "number",
            _("%(u)s đã có kế hoạch số %(ref)s năm %(y)s.")
            % {"u": data.unit.name, "ref": f"{data.number}/{data.symbol}", "y": data.date.year},
        )


def plan_check(data: PlanInput, plan: Plan | None = None) -> dict[int, list[date]]:
    """The one validator of a plan and its tasks; returns each task's dates.
    Raises ValidationError with every message, tasks under `tasks.<i>.<field>`."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    _plan_errors(data, plan, refuse)
    dates: dict[int, list[date]] = {}
    if not errors:
        numbers: set[int] = set()
        for index, task in enumerate(data.tasks):
            prefix = f"tasks.{index}."
            if task.number in numbers:
                refuse(prefix + "number", _("Số thứ tự %(n)s trùng.") % {"n": task.number})
            numbers.add(task.number)
            dates[index] = task_check(data, task, errors, prefix)
    if errors:
        raise ValidationError(errors)
    return dates


@transaction.atomic
def plan_create(*, by: Actor, data: PlanInput) -> Plan:
    """Register a plan with its tasks (audited: the plan, then each task). A
    plan drafted on the register (`data.on_register`) starts as a draft
    document of its issuer's register (audited before the plan), numbered
    when `plan_issue` issues it. Raises Refused outside the issuer's scope,
    ValidationError for a bad plan."""
    plan = Plan(
        unit=data.unit,
        number="" if data.on_register else data.number.strip(),
        symbol="" if data.on_register else data.symbol.strip(),
        date=data.date,
        title=data.title.strip(),
        first_year=data.first_year,
        last_year=data.last_year,
        kind=data.kind,
        created_by=person_of(by),
    )
    place(plan)
    require(by, EDIT, plan.scope_path, _("Bạn không có quyền ghi kế hoạch của đơn vị này."))
    # a number is not reused by a unit in a year: concurrent writers in turn
    Unit.objects.select_for_update().filter(pk=data.unit.pk).exists()
    dates = plan_check(data)
    plan.save()
    if data.on_register:
        from antq.plans.services.issuing import _draft_on_register

        plan.register_document = _draft_on_register(by, plan, data)
        plan.symbol = plan.register_document.symbol
        plan.save(update_fields=["register_document", "symbol"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=plan,
        unit_path=plan.scope_path,
        after=snapshot(plan, PLAN_FIELDS),
    )
    for index, task_data in enumerate(data.tasks):
        _task_save(by, plan, _task_from(plan, task_data), dates[index])
    return plan


@transaction.atomic
def plan_document_upload(*, by: Actor, plan: Plan, upload) -> Plan:
    """Attach the signed plan (a scan or the PDF); the previous file stays in
    storage and in the audit log."""
    require(by, EDIT, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    _refuse_if_too_large(upload, "document")
    before = {"document": plan.document.name}
    plan.document.save(_file_name(upload), upload, save=False)
    bump(plan)
    plan.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=plan,
        unit_path=plan.scope_path,
        before=before,
        after={"document": plan.document.name, "size": upload.size},
    )
    return plan


TAKEOVER_FIELDS = ["taken_over_by_id", "taken_over_on", "version"]


def _takeover_errors(plan: Plan, unit: Unit, on: date) -> dict[str, list[str]]:
    issuer = plan.unit
    if issuer.valid_to is None:
        return {
            "unit": [_("%(u)s vẫn hoạt động: kế hoạch không cần tiếp nhận.") % {"u": issuer.name}]
        }
    errors: dict[str, list[str]] = {}
    if not unit.is_open or not plan.scope_path.startswith(unit.path):
        errors["unit"] = [_("%(u)s không kế thừa %(i)s.") % {"u": unit.name, "i": issuer.name}]
    first, last = issuer.valid_to + timedelta(days=1), date(plan.last_year, 12, 31)
    if not (first <= on <= last):
        errors["on"] = [
            _("Ngày tiếp nhận từ %(a)s (sau khi %(i)s kết thúc) đến %(b)s (hết kế hoạch).")
            % {"a": format_date(first), "i": issuer.name, "b": format_date(last)}
        ]
    elif not unit.is_valid_on(on):
        errors["on"] = [
            _("%(u)s chưa tồn tại vào ngày %(d)s.") % {"u": unit.name, "d": format_date(on)}
        ]
    return errors


@transaction.atomic
def plan_take_over(
    *, by: Actor, plan: Plan, unit: Unit, on: date, expected_version: int | None = None
) -> Plan:
    """`unit`, carrying the closed issuer, takes the plan over from `on`
    ("tiếp nhận"): the occurrences due from that day are its to carry out,
    the earlier ones stay history (audited; taking over again moves the day).
    Raises Refused, StaleVersion, ValidationError."""
    require(by, EDIT, unit, _("Bạn không có quyền tiếp nhận kế hoạch cho đơn vị này."))
    lock_current(plan, expected_version=expected_version)
    errors = _takeover_errors(plan, unit, on)
    if errors:
        raise ValidationError(errors)
    before = snapshot(plan, TAKEOVER_FIELDS)
    plan.taken_over_by, plan.taken_over_on = unit, on
    bump(plan)
    plan.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=plan,
        unit_path=plan.scope_path,
        before=before,
        after=snapshot(plan, TAKEOVER_FIELDS),
        note=_("Tiếp nhận kế hoạch"),
    )
    return plan
