"""Writes of periodic statistics: catalogue seeding, value entry, submission,
approval, return and correction. The moves of a report are declared once, on
`Submission.moves`; a value takes its place in history from the kernel
(`antq.units.placement`).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, audit_record_each
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import future_period_message
from antq.core.periods import Period
from antq.core.workflow import WrongState
from antq.indicators.catalogue import INDICATORS, MONTHLY_FORM
from antq.indicators.models import (
    DataValue,
    FormIndicator,
    Indicator,
    ReportForm,
    Submission,
    ValidationRule,
)
from antq.indicators.snapshot import form_spec
from antq.indicators.totals import TotalsDelta, approval_delta, counted_indicators
from antq.indicators.validation import Values, validate
from antq.units.models import Unit
from antq.units.placement import place_columns, unit_place

S = Submission.Status


@transaction.atomic
def catalogue_load() -> dict[str, int]:
    """Seed the indicators and the monthly commune form if missing (idempotent)."""
    created = 0
    for code, name, unit, category, kind, aggregation, up, extra in INDICATORS:
        _indicator, made = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_label": unit,
                "category": category,
                "value_type": kind,
                "aggregation": aggregation,
                "up_is_good": up,
                **extra,
            },
        )
        created += made
    form, made = ReportForm.objects.get_or_create(
        code=MONTHLY_FORM["code"],
        defaults={
            key: MONTHLY_FORM[key] for key in ("name", "period_type", "unit_types", "deadline_days")
        },
    )
    if made:
        by_code = Indicator.objects.in_bulk(MONTHLY_FORM["indicators"], field_name="code")
        FormIndicator.objects.bulk_create(
            [
                FormIndicator(
                    form=form,
                    indicator=by_code[code],
                    order=order,
                    required=code in MONTHLY_FORM["required"],
                )
                for order, code in enumerate(MONTHLY_FORM["indicators"])
            ]
        )
        ValidationRule.objects.bulk_create(
            [
                ValidationRule(form=form, left=left, operator=op, right=right, message=message)
                for left, op, right, message in MONTHLY_FORM["rules"]
            ]
        )
    return {"indicators": created, "forms": int(made)}


def existing_values(unit: Unit, period: Period, codes: Iterable[str]) -> Values:
    values: Values = {}
    rows = DataValue.objects.filter(unit=unit, period=period.id, indicator__code__in=list(codes))
    for code, option, value in rows.values_list("indicator__code", "option", "value"):
        values.setdefault(code, {})[option] = value
    return values


def existing_comments(unit: Unit, period: Period) -> dict[str, str]:
    rows = DataValue.objects.filter(unit=unit, period=period.id).exclude(comment="")
    return dict(rows.values_list("indicator__code", "comment"))


def _check_unit_and_period(form: ReportForm, unit: Unit, period: Period) -> None:
    if not form.is_open:
        raise ValidationError(
            _("Biểu mẫu %(code)s đã đóng, không nhận số liệu.") % {"code": form.code}
        )
    if unit.type not in form.unit_types:
        raise ValidationError(_("%(unit)s không báo cáo biểu này.") % {"unit": unit.name})
    if period.type != form.period_type:
        raise ValidationError(
            {
                "period": [
                    _("Biểu này báo cáo theo %(kind)s.")
                    % {"kind": form.get_period_type_display().lower()}
                ]
            }
        )
    future = future_period_message(period)
    if future:
        raise ValidationError({"period": [future]})
    if not unit.is_valid_on(period.start) and not unit.is_valid_on(period.end):
        raise ValidationError(
            _("%(unit)s không tồn tại trong %(period)s.")
            % {"unit": unit.name, "period": period.label}
        )


@transaction.atomic
def values_save(
    *,
    by: Actor,
    form: ReportForm,
    unit: Unit,
    period: Period,
    values: Values,
    comments: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Save entered values (a draft): each checked by the validator, rules checked
    against the whole form. Raises Refused outside `by`'s rights, WrongState
    once the report is submitted or approved, ValidationError listing every
    problem, and StaleVersion when `expected_version` is given and the report
    was saved since (by someone else, or by this user in another tab); 0 means
    "read before the report existed" (a colleague who started it meanwhile)."""
    require(by, EDIT, unit, _("Bạn không có quyền nhập số liệu cho đơn vị này."))
    _check_unit_and_period(form, unit, period)
    submission, created = Submission.objects.get_or_create(
        form=form, unit=unit, period=period.id, defaults={"period_start": period.start}
    )
    if expected_version == 0 and created:
        expected_version = None  # read before the report existed, and it still did not
    lock_current(submission, expected_version=expected_version)
    Submission.moves.check(submission, "edit")
    spec = form_spec(form)
    merged = existing_values(unit, period, list(spec.lines))
    for code, by_option in values.items():
        merged.setdefault(code, {}).update(by_option)
    problems = validate(form, merged, spec=spec)
    if problems:
        raise ValidationError(
            {f"{p.code}{'__' + p.option if p.option else ''}": [p.message] for p in problems}
        )
    before = existing_values(unit, period, values.keys())
    bump(submission)
    submission.save(update_fields=["version"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=submission,
        unit_path=unit.path,
        before=_jsonable(before) | {"version": submission.version - 1},
        after=_jsonable(values) | {"version": submission.version},
    )
    # Last: the totals' row locks, shared by the whole province, are held until commit.
    write_values(by=by, unit=unit, period=period, values=values, comments=comments or {})
    return submission


def write_values(
    *,
    by: Actor,
    unit: Unit,
    period: Period,
    values: Values,
    comments: dict[str, str],
    delta: TotalsDelta | None = None,
) -> tuple[int, int, int]:
    """Upsert values (None deletes); returns (created, updated, unchanged). No
    validation or audit here: callers do both. The province totals change by
    `delta`: gathered there when the caller applies it once for many writes,
    applied here (as the last statement) when none is given. Totals count
    approved values only: a value of a draft moves none."""
    indicators = Indicator.objects.in_bulk(list(values), field_name="code")
    current = {
        (v.indicator.code, v.option): v
        for v in DataValue.objects.select_related("indicator").filter(
            unit=unit, period=period.id, indicator__code__in=list(values)
        )
    }
    place = unit_place(unit)  # the kernel's: where the unit's values are counted
    columns = {column: place[column] for column in place_columns(DataValue)}
    own_delta = delta is None
    delta = TotalsDelta() if delta is None else delta
    stored_by = person_of(by)
    counted = {i for _u, _p, i in counted_indicators([(unit.pk, period.id)])}
    created, updated, unchanged, to_delete = [], [], 0, []
    for code, by_option in values.items():
        for option, value in by_option.items():
            row = current.get((code, option))
            comment = comments.get(code, row.comment if row else "")
            if (row is not None or value is not None) and indicators[code].pk in counted:
                delta.add(
                    indicator_id=indicators[code].pk,
                    period_type=period.type,
                    period_start=period.start,
                    place=place,
                    old=row.value if row else None,
                    new=value,
                )
            if value is None:
                if row:
                    to_delete.append(row.pk)
                continue
            if row is None:
                created.append(
                    DataValue(
                        indicator=indicators[code],
                        unit=unit,
                        period=period.id,
                        period_type=period.type,
                        period_start=period.start,
                        option=option,
                        value=value,
                        comment=comment,
                        stored_by=stored_by,
                        **columns,
                    )
                )
            elif row.value != value or row.comment != comment:
                row.value, row.comment, row.stored_by = value, comment, stored_by
                updated.append(row)
            else:
                unchanged += 1
    DataValue.objects.bulk_create(created, batch_size=1000)
    DataValue.objects.bulk_update(
        updated, ["value", "comment", "stored_by", "updated_at"], batch_size=1000
    )
    DataValue.objects.filter(pk__in=to_delete).delete()
    if own_delta:
        delta.apply()
    return len(created), len(updated), unchanged


def _jsonable(values: Values) -> dict:
    return {
        code: {option: (str(v) if v is not None else None) for option, v in opts.items()}
        for code, opts in values.items()
    }


def _reviewer_unit(submission: Submission) -> Unit:
    return submission.unit.parent or submission.unit


@transaction.atomic
def submission_submit(*, by: Actor, submission: Submission) -> Submission:
    """Complete the form: required values present and every rule met. Raises
    Refused, WrongState (already submitted or approved), ValidationError."""
    require(by, EDIT, submission.unit, _("Bạn không có quyền nộp báo cáo của đơn vị này."))
    lock_current(submission)  # a double click or a retried request submits once
    Submission.moves.check(submission, "submit")
    before = submission.status
    form = submission.form
    spec = form_spec(form)  # the catalogue snapshot: no query for lines and rules
    period = Period(submission.period_start, form.period_type)
    values = existing_values(submission.unit, period, list(spec.lines))
    problems = validate(form, values, complete=True, spec=spec)
    if problems:
        raise ValidationError([p.message for p in problems])
    Submission.moves.apply(submission, "submit")
    submission.submitted_at = timezone.now()
    submission.submitted_by = person_of(by)
    bump(submission)
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "version"])
    _audit(by, submission, before, _("Nộp báo cáo"))
    return submission


def _audit(by: Actor, submission: Submission, before: str, note: str) -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=submission,
        unit_path=submission.unit.path,
        before={"status": before, "version": submission.version - 1},
        after={"status": submission.status, "version": submission.version},
        note=note[:255],
    )


def _review(by: Actor, submission: Submission, move: str) -> str:
    """Check the reviewer's right and that `move` is open; returns the state."""
    message = _("Bạn không có thẩm quyền duyệt báo cáo này.")
    require(by, APPROVE, _reviewer_unit(submission), message)
    lock_current(submission)  # concurrent reviewers: one move, the others see its result
    Submission.moves.check(submission, move)
    return submission.status


@transaction.atomic
def submission_approve(*, by: Actor, submission: Submission) -> Submission:
    """Approve: the figures are locked. Raises Refused, WrongState."""
    before = _review(by, submission, "approve")
    Submission.moves.apply(submission, "approve")
    submission.approved_at = timezone.now()
    submission.approved_by = person_of(by)
    bump(submission)
    submission.save()
    _audit(by, submission, before, _("Duyệt báo cáo"))
    # Last: its values now count in the province totals (their row locks until commit).
    approval_delta([submission], counting=True).apply()
    return submission


@transaction.atomic
def submissions_approve(*, by: Actor, submissions: list[Submission]) -> list[Submission]:
    """Approve several reports at once (the approver ticked the clean ones):
    all of them or, when one is refused (Refused) or no longer waiting
    (WrongState), none. One audit entry per report."""
    before = {}
    for submission in submissions:
        before[submission.pk] = _review(by, submission, "approve")
        Submission.moves.apply(submission, "approve")
        submission.approved_at = timezone.now()
        submission.approved_by = person_of(by)
        bump(submission)
        submission.save()
    audit_record_each(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        objects=submissions,
        unit_path_of=lambda s: s.unit.path,
        before_of=lambda s: {"status": before[s.pk], "version": s.version - 1},
        after_of=lambda s: {"status": s.status, "version": s.version},
        note=_("Duyệt báo cáo (duyệt nhiều báo cáo cùng lúc)"),
    )
    approval_delta(submissions, counting=True).apply()  # last: the totals' row locks
    return submissions


@transaction.atomic
def submission_return(
    *, by: Actor, submission: Submission, reason: str, reopen: bool = False
) -> Submission:
    """Return a submitted report, or with `reopen` reopen an approved one for
    correction. Raises Refused, WrongState (an approved report without
    `reopen`: a return sent while a colleague approved never undoes the
    approval, so of an approve and a return at once exactly one wins),
    ValidationError (no reason given)."""
    before = _review(by, submission, "return")
    if before == S.APPROVED and not reopen:
        raise WrongState(
            _(
                "Báo cáo vừa được duyệt nên không trả lại được; nếu cần đính chính, "
                "hãy mở lại báo cáo đã duyệt."
            ),
            current=submission.status,
            current_label=submission.get_status_display(),
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần ghi lý do.")]})
    Submission.moves.apply(submission, "return")
    submission.return_reason = reason.strip()
    bump(submission)
    submission.save()
    note = _("Mở lại để đính chính") if before == S.APPROVED else _("Trả lại")
    _audit(by, submission, before, f"{note}: {reason.strip()}")
    if before == S.APPROVED:  # reopened: its values stop counting until approved again
        approval_delta([submission], counting=False).apply()
    return submission
