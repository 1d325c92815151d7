"""Writes of plans, tasks and progress, each audited, each validated once.

Rules:
- a plan is issued by a unit that existed on its date; its number and symbol
  are not reused by that unit in the same year; its years run forwards;
- a task's deadline lies within the plan's years; a recurrence is an RFC 5545
  RRULE (python-dateutil) that yields at least one date within them;
- a task expands into dated occurrences: its deadline (or the last day of the
  plan) when it does not recur, else every date of its rule; editing a task
  keeps the occurrences someone has reported on;
- progress is reported by the lead unit (or the plan's issuer) per
  occurrence: status, percent, narrative, evidence files.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, can
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.vietnamese import format_date
from antq.plans.models import (
    Committee,
    CommitteeMember,
    Occurrence,
    Plan,
    ProgressEvidence,
    Task,
)
from antq.units.models import Unit
from antq.units.placement import unit_place

PLAN_FIELDS = [
    "unit_id",
    "number",
    "symbol",
    "date",
    "title",
    "first_year",
    "last_year",
    "kind",
    "version",
]
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
OCCURRENCE_FIELDS = ["task_id", "due", "status", "percent", "narrative", "version"]
MAX_YEARS = 10
MAX_OCCURRENCES = 400
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass
class TaskInput:
    number: int
    text: str
    lead: Unit
    deadline: date | None = None
    recurrence: str = ""
    coordinating: str = ""
    expected_output: str = ""


@dataclass
class PlanInput:
    unit: Unit
    number: str
    symbol: str
    date: date
    title: str
    first_year: int
    last_year: int
    kind: str = Plan.Kind.MULTI_YEAR
    tasks: list[TaskInput] = field(default_factory=list)


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


def task_check(
    plan: Plan | PlanInput, data: TaskInput, errors: dict, prefix: str = ""
) -> list[date]:
    """The one validator of a task (within its plan's years); adds messages to
    `errors` under `prefix + field` and returns the task's due dates."""

    def refuse(name: str, message: str) -> None:
        errors.setdefault(prefix + name, []).append(message)

    start, end = period_of(plan.first_year, plan.last_year)
    years = f"{plan.first_year}–{plan.last_year}"
    if not data.text.strip():
        refuse("text", _("Nhập nội dung nhiệm vụ."))
    if data.number is None or data.number < 1:
        refuse("number", _("Số thứ tự là số nguyên từ 1."))
    if data.deadline is not None and not (start <= data.deadline <= end):
        refuse(
            "deadline",
            _("Thời hạn %(day)s ngoài thời gian của kế hoạch (%(years)s).")
            % {"day": format_date(data.deadline), "years": years},
        )
    if not (data.lead.is_open or data.lead.is_valid_on(end)):
        refuse("lead", _("%(u)s không còn hoạt động.") % {"u": data.lead.name})
    issuer = plan.scope_path if isinstance(plan, Plan) else unit_place(plan.unit)["scope_path"]
    if not data.lead.path.startswith(issuer):
        refuse(
            "lead",
            _("%(u)s không thuộc địa bàn của đơn vị ban hành kế hoạch.") % {"u": data.lead.name},
        )
    dates: list[date] = []
    recurrence = data.recurrence.strip().removeprefix("RRULE:")
    if recurrence:
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
                _(
                    "Quy tắc lặp lại không hợp lệ: %(rule)s (ví dụ FREQ=YEARLY;BYMONTH=8;"
                    "BYMONTHDAY=19)."
                )
                % {"rule": recurrence},
            )
        else:
            if not dates:
                refuse(
                    "recurrence",
                    _("Quy tắc lặp lại không có ngày nào trong thời gian của kế hoạch (%(y)s).")
                    % {"y": years},
                )
            elif len(dates) > MAX_OCCURRENCES:
                refuse(
                    "recurrence",
                    _("Quy tắc lặp lại cho quá %(n)s lần; chọn chu kỳ dài hơn.")
                    % {"n": MAX_OCCURRENCES},
                )
    elif not errors:
        dates = expand(
            deadline=data.deadline,
            recurrence="",
            first_year=plan.first_year,
            last_year=plan.last_year,
        )
    return dates


def plan_check(data: PlanInput, plan: Plan | None = None) -> dict[int, list[date]]:
    """The one validator of a plan and its tasks; returns each task's dates."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in ("number", "symbol", "title"):
        if not str(getattr(data, name)).strip():
            refuse(name, _("Trường này là bắt buộc."))
    if not data.unit.is_valid_on(data.date):
        refuse(
            "date",
            _("%(u)s không tồn tại vào ngày %(d)s.")
            % {"u": data.unit.name, "d": format_date(data.date)},
        )
    if data.date > timezone.localdate():
        refuse("date", _("Ngày ban hành chưa đến."))
    if data.last_year < data.first_year:
        refuse("last_year", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
    elif data.last_year - data.first_year + 1 > MAX_YEARS:
        refuse("last_year", _("Một kế hoạch dài tối đa %(n)s năm.") % {"n": MAX_YEARS})
    if data.kind not in Plan.Kind.values:
        refuse("kind", _("Chọn loại kế hoạch."))
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


def _require(by, path: str, message: str) -> None:
    if by is not None and not can(by, EDIT, path):
        raise PermissionError(message)


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


@transaction.atomic
def plan_create(*, by, data: PlanInput) -> Plan:
    """Register a plan with its tasks (audited: the plan, then each task)."""
    place = unit_place(data.unit)
    _require(by, place["scope_path"], _("Bạn không có quyền ghi kế hoạch của đơn vị này."))
    # a number is not reused by a unit in a year: concurrent writers in turn
    Unit.objects.select_for_update().filter(pk=data.unit.pk).exists()
    dates = plan_check(data)
    plan = Plan.objects.create(
        unit=data.unit,
        number=data.number.strip(),
        symbol=data.symbol.strip(),
        date=data.date,
        title=data.title.strip(),
        first_year=data.first_year,
        last_year=data.last_year,
        kind=data.kind,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **place,
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=plan,
        unit_path=plan.scope_path,
        after=snapshot(plan, PLAN_FIELDS),
    )
    for index, task_data in enumerate(data.tasks):
        task = _task_from(plan, task_data)
        task.save()
        _write_occurrences(task, dates[index])
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=task,
            unit_path=plan.scope_path,
            after=snapshot(task, TASK_FIELDS),
        )
    return plan


@transaction.atomic
def task_add(*, by, plan: Plan, data: TaskInput) -> Task:
    _require(by, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    errors: dict[str, list[str]] = {}
    dates = task_check(plan, data, errors)
    if plan.tasks.filter(number=data.number).exists():
        errors.setdefault("number", []).append(_("Số thứ tự %(n)s trùng.") % {"n": data.number})
    if errors:
        raise ValidationError(errors)
    task = _task_from(plan, data)
    task.save()
    _write_occurrences(task, dates)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=task,
        unit_path=plan.scope_path,
        after=snapshot(task, TASK_FIELDS),
    )
    return task


@transaction.atomic
def task_update(*, by, task: Task, data: TaskInput, expected_version: int | None = None) -> Task:
    lock_current(task, expected_version=expected_version)
    plan = task.plan
    _require(by, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    errors: dict[str, list[str]] = {}
    dates = task_check(plan, data, errors)
    if plan.tasks.filter(number=data.number).exclude(pk=task.pk).exists():
        errors.setdefault("number", []).append(_("Số thứ tự %(n)s trùng.") % {"n": data.number})
    if errors:
        raise ValidationError(errors)
    before = snapshot(task, TASK_FIELDS)
    fresh = _task_from(plan, data)
    for name in (
        "number",
        "text",
        "lead",
        "coordinating",
        "deadline",
        "recurrence",
        "expected_output",
    ):
        setattr(task, name, getattr(fresh, name))
    bump(task)
    task.save()
    _write_occurrences(task, dates)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=task,
        unit_path=plan.scope_path,
        before=before,
        after=snapshot(task, TASK_FIELDS),
    )
    return task


def can_report(user, occurrence: Occurrence) -> bool:
    """The lead unit reports its task's progress; the plan's issuer may too."""
    task = occurrence.task
    return can(user, EDIT, task.lead.path) or can(user, EDIT, task.plan.scope_path)


@transaction.atomic
def progress_report(
    *,
    by,
    occurrence: Occurrence,
    status: str,
    percent: int,
    narrative: str = "",
    expected_version: int | None = None,
) -> Occurrence:
    """The lead unit's report on one occurrence of a task (audited)."""
    lock_current(occurrence, expected_version=expected_version)
    if by is not None and not can_report(by, occurrence):
        raise PermissionError(_("Chỉ đơn vị chủ trì báo cáo tiến độ nhiệm vụ này."))
    errors: dict[str, list[str]] = {}
    if status not in Occurrence.Status.values:
        errors["status"] = [_("Chọn tình trạng.")]
    if percent is None or not (0 <= percent <= 100):
        errors["percent"] = [_("Tỷ lệ hoàn thành từ 0 đến 100.")]
    elif status == Occurrence.Status.DONE and percent != 100:
        errors["percent"] = [_("Nhiệm vụ hoàn thành thì tỷ lệ là 100 %.")]
    elif status == Occurrence.Status.NOT_STARTED and percent:
        errors["percent"] = [_("Chưa thực hiện thì tỷ lệ là 0 %.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(occurrence, OCCURRENCE_FIELDS)
    occurrence.status, occurrence.percent, occurrence.narrative = status, percent, narrative
    occurrence.updated_by = by if getattr(by, "is_authenticated", False) else None
    occurrence.updated_at = timezone.now()
    bump(occurrence)
    occurrence.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=occurrence,
        unit_path=occurrence.task.plan.scope_path,
        before=before,
        after=snapshot(occurrence, OCCURRENCE_FIELDS),
    )
    return occurrence


@transaction.atomic
def evidence_add(*, by, occurrence: Occurrence, upload) -> ProgressEvidence:
    if by is not None and not can_report(by, occurrence):
        raise PermissionError(_("Chỉ đơn vị chủ trì báo cáo tiến độ nhiệm vụ này."))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"file": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20}}
        )
    name = upload.name.rsplit("/", 1)[-1][:200]
    evidence = ProgressEvidence(occurrence=occurrence, name=name, size=upload.size)
    evidence.uploaded_by = by if getattr(by, "is_authenticated", False) else None
    evidence.file.save(name, upload, save=False)
    evidence.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=evidence,
        unit_path=occurrence.task.plan.scope_path,
        after={"occurrence": occurrence.pk, "name": name, "size": upload.size},
    )
    return evidence


# --- recurrence in plain Vietnamese ---------------------------------------------

RECURRENCE_CHOICES = [
    ("", _("Một lần, theo thời hạn")),
    ("yearly", _("Hằng năm, vào ngày và tháng của thời hạn")),
    ("half_yearly", _("6 tháng một lần (30/6 và 31/12)")),
    ("quarterly", _("Hằng quý (ngày cuối quý)")),
    ("monthly", _("Hằng tháng, vào ngày của thời hạn")),
    ("custom", _("Quy tắc khác (RRULE)")),
]


def recurrence_rule(choice: str, deadline: date | None, custom: str = "") -> str:
    """The RRULE of a plain choice ("yearly" with a 19/08 deadline →
    FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19)."""
    if choice == "yearly" and deadline:
        return f"FREQ=YEARLY;BYMONTH={deadline.month};BYMONTHDAY={deadline.day}"
    if choice == "half_yearly":
        return "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
    if choice == "quarterly":
        return "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    if choice == "monthly" and deadline:
        return f"FREQ=MONTHLY;BYMONTHDAY={deadline.day}"
    if choice == "custom":
        return custom.strip().removeprefix("RRULE:")
    return ""


def recurrence_choice(rule: str) -> tuple[str, str]:
    """The plain choice a stored rule came from, and the rule if custom."""
    for choice in ("half_yearly", "quarterly"):
        if rule == recurrence_rule(choice, None):
            return choice, ""
    if rule.startswith("FREQ=YEARLY;BYMONTH=") and ";BYMONTHDAY=" in rule and "," not in rule:
        return "yearly", ""
    if rule.startswith("FREQ=MONTHLY;BYMONTHDAY=") and rule.count(";") == 1:
        return "monthly", ""
    return ("custom", rule) if rule else ("", "")


def recurrence_label(rule: str) -> str:
    """A stored rule said in Vietnamese ("Hằng năm, trước ngày 19/8")."""
    choice, custom = recurrence_choice(rule)
    if choice == "yearly":
        parts = dict(p.split("=") for p in rule.split(";"))
        return _("Hằng năm, trước ngày %(d)s/%(m)s") % {
            "d": parts["BYMONTHDAY"],
            "m": parts["BYMONTH"],
        }
    if choice == "monthly":
        day = rule.rsplit("=", 1)[1]
        return _("Hằng tháng, trước ngày %(d)s") % {"d": day}
    if choice == "custom":
        return custom
    return str(dict(RECURRENCE_CHOICES)[choice])


# --- steering committees ---------------------------------------------------------

COMMITTEE_FIELDS = ["unit_id", "name", "decision_number", "decision_date", "dissolved_on"]
COMMITTEE_MEMBER_FIELDS = [
    "committee_id",
    "full_name",
    "position",
    "agency",
    "role",
    "started_on",
    "ended_on",
]


@transaction.atomic
def committee_create(
    *, by, unit: Unit, name: str, decision_number: str, decision_date: date
) -> Committee:
    place = unit_place(unit)
    _require(by, place["scope_path"], _("Bạn không có quyền lập ban chỉ đạo của đơn vị này."))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Nhập tên ban chỉ đạo.")]
    if not decision_number.strip():
        errors["decision_number"] = [_("Nhập số quyết định thành lập.")]
    if not unit.is_valid_on(decision_date):
        errors["decision_date"] = [
            _("%(u)s không tồn tại vào ngày %(d)s.")
            % {"u": unit.name, "d": format_date(decision_date)}
        ]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = [_("Ngày quyết định chưa đến.")]
    if errors:
        raise ValidationError(errors)
    committee = Committee.objects.create(
        unit=unit,
        name=" ".join(name.split()),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        **place,
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=committee,
        unit_path=committee.scope_path,
        after=snapshot(committee, COMMITTEE_FIELDS),
    )
    return committee


@transaction.atomic
def committee_member_add(
    *,
    by,
    committee,
    full_name: str,
    position: str,
    role: str,
    started_on: date,
    agency: str = "",
    tasks=(),
    communes=(),
):
    """A person's term on the committee, with the plan tasks and communes
    they are responsible for. A new head ends the current head's term."""
    _require(by, committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    lock_current(committee)  # one head at a time: the second new head ends the first's term
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["full_name"] = [_("Nhập họ và tên.")]
    if not position.strip():
        errors["position"] = [_("Nhập chức vụ.")]
    if role not in CommitteeMember.Role.values:
        errors["role"] = [_("Chọn vai trò.")]
    if started_on < committee.decision_date:
        errors["started_on"] = [
            _("Ban chỉ đạo được thành lập ngày %(d)s; nhiệm kỳ không thể bắt đầu trước đó.")
            % {"d": format_date(committee.decision_date)}
        ]
    foreign = [t for t in tasks if not t.plan.scope_path.startswith(committee.scope_path)]
    if foreign:
        errors["tasks"] = [_("Nhiệm vụ phải thuộc kế hoạch của đơn vị hoặc cấp dưới.")]
    outside = [c for c in communes if not c.path.startswith(committee.scope_path)]
    if outside:
        errors["communes"] = [_("%(u)s ở ngoài địa bàn của ban chỉ đạo.") % {"u": outside[0].name}]
    if errors:
        raise ValidationError(errors)
    if role == CommitteeMember.Role.HEAD:
        for head in committee.members.filter(role=role, ended_on__isnull=True):
            before = snapshot(head, COMMITTEE_MEMBER_FIELDS)
            head.ended_on = started_on
            head.save(update_fields=["ended_on"])
            audit_record(
                actor=by,
                action=AuditEntry.Action.CLOSE,
                obj=head,
                unit_path=committee.scope_path,
                before=before,
                after=snapshot(head, COMMITTEE_MEMBER_FIELDS),
                note=_("Thay trưởng ban"),
            )
    member = CommitteeMember.objects.create(
        committee=committee,
        full_name=" ".join(full_name.split()),
        position=position.strip(),
        agency=agency.strip(),
        role=role,
        started_on=started_on,
    )
    member.tasks.set(tasks)
    member.communes.set(communes)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=member,
        unit_path=committee.scope_path,
        after={
            **snapshot(member, COMMITTEE_MEMBER_FIELDS),
            "tasks": [t.pk for t in tasks],
            "communes": [c.pk for c in communes],
        },
    )
    return member


@transaction.atomic
def committee_member_end(*, by, member, on: date, note: str = ""):
    """End a term (the member leaves or changes role); the row stays as history."""
    committee = member.committee
    _require(by, committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    if member.ended_on is not None:
        raise ValidationError(
            _("Nhiệm kỳ này đã kết thúc ngày %(d)s.") % {"d": format_date(member.ended_on)}
        )
    if on < member.started_on:
        raise ValidationError({"on": [_("Ngày kết thúc phải sau ngày bắt đầu nhiệm kỳ.")]})
    before = snapshot(member, COMMITTEE_MEMBER_FIELDS)
    member.ended_on = on
    member.save(update_fields=["ended_on"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CLOSE,
        obj=member,
        unit_path=committee.scope_path,
        before=before,
        after=snapshot(member, COMMITTEE_MEMBER_FIELDS),
        note=note,
    )
    return member


@transaction.atomic
def plan_document_upload(*, by, plan: Plan, upload) -> Plan:
    """Attach the signed plan (a scan or the PDF); the previous file stays in
    storage and in the audit log."""
    _require(by, plan.scope_path, _("Bạn không có quyền sửa kế hoạch này."))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"document": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20}}
        )
    before = {"document": plan.document.name}
    name = upload.name.rsplit("/", 1)[-1][:200]
    plan.document.save(name, upload, save=False)
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


@transaction.atomic
def committee_decision_upload(*, by, committee: Committee, upload) -> Committee:
    """Attach the founding decision's signed file (audited)."""
    _require(by, committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"decision_file": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20}}
        )
    before = {"decision_file": committee.decision_file.name}
    committee.decision_file.save(upload.name.rsplit("/", 1)[-1][:200], upload, save=False)
    bump(committee)
    committee.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=committee,
        unit_path=committee.scope_path,
        before=before,
        after={"decision_file": committee.decision_file.name, "size": upload.size},
    )
    return committee
