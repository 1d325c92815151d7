"""Progress on a task's occurrences: reported by the task's lead unit (the
plan's issuer may report too), with evidence files.

A report is not a move: the lead says where the task stands, status and
percent together (done is 100 %, not started 0 %), and a later report
corrects an earlier one (`Occurrence.moves`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, Actor, Refused
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.plans.models import Occurrence, ProgressEvidence
from antq.plans.services.files import _file_name, _refuse_if_too_large

OCCURRENCE_FIELDS = ["task_id", "due", "status", "percent", "narrative", "version"]


def may_report(user: Actor, occurrence: Occurrence) -> bool:
    """May `user` report progress on `occurrence`: its task's lead unit does,
    the plan's issuer may too (the edit scope `Occurrence.objects` declares)."""
    return Occurrence.objects.for_user(user, EDIT).filter(pk=occurrence.pk).exists()


def _refuse_unless_reporter(by: Actor, occurrence: Occurrence) -> None:
    # not a scope of its own: the occurrence's declared scope, through either unit
    if not may_report(by, occurrence):
        raise Refused(_("Chỉ đơn vị chủ trì báo cáo tiến độ nhiệm vụ này."))


def _report_errors(status: str, percent: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if status not in Occurrence.Status.values:
        errors["status"] = [_("Chọn tình trạng.")]
    if percent is None or not (0 <= percent <= 100):
        errors["percent"] = [_("Tỷ lệ hoàn thành từ 0 đến 100.")]
    elif status == Occurrence.Status.DONE and percent != 100:
        errors["percent"] = [_("Nhiệm vụ hoàn thành thì tỷ lệ là 100 %.")]
    elif status == Occurrence.Status.NOT_STARTED and percent:
        errors["percent"] = [_("Chưa thực hiện thì tỷ lệ là 0 %.")]
    return errors


@transaction.atomic
def progress_report(
    *,
    by: Actor,
    occurrence: Occurrence,
    status: str,
    percent: int,
    narrative: str = "",
    expected_version: int | None = None,
) -> Occurrence:
    """The lead unit's report on one occurrence of a task (audited). Raises
    StaleVersion, Refused (not the lead nor the issuer), ValidationError."""
    lock_current(occurrence, expected_version=expected_version)
    _refuse_unless_reporter(by, occurrence)
    Occurrence.moves.check(occurrence, "report")
    errors = _report_errors(status, percent)
    if errors:
        raise ValidationError(errors)
    before = snapshot(occurrence, OCCURRENCE_FIELDS)
    occurrence.status, occurrence.percent, occurrence.narrative = status, percent, narrative
    occurrence.updated_by = person_of(by)
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
def evidence_add(*, by: Actor, occurrence: Occurrence, upload) -> ProgressEvidence:
    """Attach an evidence file to an occurrence's progress (audited). Raises
    Refused (not the lead nor the issuer), ValidationError (too large)."""
    _refuse_unless_reporter(by, occurrence)
    _refuse_if_too_large(upload, "file")
    name = _file_name(upload)
    evidence = ProgressEvidence(occurrence=occurrence, name=name, size=upload.size)
    evidence.uploaded_by = person_of(by)
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
