"""Steering committees (ban chỉ đạo) and the terms of their members.

Rules:
- a committee is founded by a decision of a unit that existed on its date;
- a term starts on or after the founding decision; a new head ends the
  current head's term; a term is ended once (`CommitteeMember.moves`) and its
  row stays as history;
- the tasks and communes a member is responsible for lie within the
  committee's area.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.dates import future_date_message
from antq.core.vietnamese import format_date
from antq.plans.models import Committee, CommitteeMember, Task
from antq.plans.services.files import _file_name, _refuse_if_too_large
from antq.units.models import Unit
from antq.units.placement import place

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
    *, by: Actor, unit: Unit, name: str, decision_number: str, decision_date: date
) -> Committee:
    """Register a unit's steering committee (audited). Raises Refused outside
    the unit's scope, ValidationError."""
    committee = Committee(
        unit=unit,
        name=" ".join(name.split()),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
    )
    place(committee)
    require(by, EDIT, committee.scope_path, _("Bạn không có quyền lập ban chỉ đạo của đơn vị này."))
    errors: dict[str, list[str]] = {}
    if not committee.name:
        errors["name"] = [_("Nhập tên ban chỉ đạo.")]
    if not committee.decision_number:
        errors["decision_number"] = [_("Nhập số quyết định thành lập.")]
    if not unit.is_valid_on(decision_date):
        errors["decision_date"] = [
            _("%(u)s không tồn tại vào ngày %(d)s.")
            % {"u": unit.name, "d": format_date(decision_date)}
        ]
    elif message := future_date_message(decision_date, what=_("Ngày quyết định")):
        errors["decision_date"] = [message]
    if errors:
        raise ValidationError(errors)
    committee.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=committee,
        unit_path=committee.scope_path,
        after=snapshot(committee, COMMITTEE_FIELDS),
    )
    return committee


def _member_errors(
    committee: Committee,
    *,
    full_name: str,
    position: str,
    role: str,
    started_on: date,
    tasks: list[Task],
    communes: list[Unit],
) -> dict[str, list[str]]:
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
    if any(not t.plan.scope_path.startswith(committee.scope_path) for t in tasks):
        errors["tasks"] = [_("Nhiệm vụ phải thuộc kế hoạch của đơn vị hoặc cấp dưới.")]
    outside = [c for c in communes if not c.path.startswith(committee.scope_path)]
    if outside:
        errors["communes"] = [_("%(u)s ở ngoài địa bàn của ban chỉ đạo.") % {"u": outside[0].name}]
    return errors


def _term_end(by: Actor, member: CommitteeMember, on: date, note: str) -> None:
    """End a term (checked and audited by the caller's rules)."""
    before = snapshot(member, COMMITTEE_MEMBER_FIELDS)
    member.ended_on = on
    member.save(update_fields=["ended_on"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CLOSE,
        obj=member,
        unit_path=member.committee.scope_path,
        before=before,
        after=snapshot(member, COMMITTEE_MEMBER_FIELDS),
        note=note,
    )


@transaction.atomic
def committee_member_add(
    *,
    by: Actor,
    committee: Committee,
    full_name: str,
    position: str,
    role: str,
    started_on: date,
    agency: str = "",
    tasks: Iterable[Task] = (),
    communes: Iterable[Unit] = (),
) -> CommitteeMember:
    """A person's term on the committee, with the plan tasks and communes
    they are responsible for. A new head ends the current head's term.
    Raises Refused outside the committee's scope, ValidationError."""
    require(by, EDIT, committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    lock_current(committee)  # one head at a time: the second new head ends the first's term
    tasks, communes = list(tasks), list(communes)
    errors = _member_errors(
        committee,
        full_name=full_name,
        position=position,
        role=role,
        started_on=started_on,
        tasks=tasks,
        communes=communes,
    )
    if errors:
        raise ValidationError(errors)
    if role == CommitteeMember.Role.HEAD:
        for head in committee.members.filter(role=role, ended_on__isnull=True):
            _term_end(by, head, started_on, _("Thay trưởng ban"))
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
def committee_member_end(
    *, by: Actor, member: CommitteeMember, on: date, note: str = ""
) -> CommitteeMember:
    """End a term (the member leaves or changes role); the row stays as
    history. Raises Refused, WrongState (the term has ended), ValidationError."""
    require(by, EDIT, member.committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    lock_current(member)
    CommitteeMember.moves.check(member, "end")
    if on < member.started_on:
        raise ValidationError({"on": [_("Ngày kết thúc phải sau ngày bắt đầu nhiệm kỳ.")]})
    _term_end(by, member, on, note)
    return member


@transaction.atomic
def committee_decision_upload(*, by: Actor, committee: Committee, upload) -> Committee:
    """Attach the founding decision's signed file (audited)."""
    require(by, EDIT, committee.scope_path, _("Bạn không có quyền sửa ban chỉ đạo này."))
    _refuse_if_too_large(upload, "decision_file")
    before = {"decision_file": committee.decision_file.name}
    committee.decision_file.save(_file_name(upload), upload, save=False)
    bump(committee)
    committee.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=committee,
        unit_path=committee.scope_path,
        after={"decision_file": committee.decision_file.name, "size": upload.size},
        before=before,
    )
    return committee
