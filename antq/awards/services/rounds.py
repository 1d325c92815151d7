"""Rounds of rewards: opened at a unit with a deadline, closed once decided."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.models import Round
from antq.units.models import Unit

ROUND_FIELDS = ["unit_id", "year", "kind", "name", "deadline", "status", "version"]


@transaction.atomic
def round_open(*, by: Actor, unit: Unit, year: int, kind: str, name: str, deadline: date) -> Round:
    """A round at `unit` receiving nominations until `deadline`. Raises
    Refused without the right to edit at `unit`, ValidationError on bad fields."""
    require(by, EDIT, unit, _("Bạn không có quyền mở đợt khen thưởng ở đơn vị này."))
    errors = {}
    if kind not in Round.Kind.values:
        errors["kind"] = [_("Chọn đợt khen thưởng.")]
    if not name.strip():
        errors["name"] = [_("Nhập tên đợt.")]
    if deadline.year not in (year, year + 1):
        errors["deadline"] = [_("Hạn đề nghị trong năm %(y)s hoặc đầu năm sau.") % {"y": year}]
    if errors:
        raise ValidationError(errors)
    round = Round.objects.create(
        unit=unit, year=year, kind=kind, name=" ".join(name.split()), deadline=deadline
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=round,
        unit_path=unit.path,
        after=snapshot(round, ROUND_FIELDS),
    )
    return round


@transaction.atomic
def round_close(*, by: Actor, round: Round, expected_version: int | None = None) -> Round:
    """The round is decided: it receives no more nominations. Raises Refused
    outside the awarding level's approval, WrongState once closed."""
    require(by, APPROVE, round.unit, _("Chỉ cấp khen thưởng kết thúc đợt khen thưởng."))
    lock_current(round, expected_version=expected_version)
    before = snapshot(round, ROUND_FIELDS)
    Round.moves.apply(round, "close")
    bump(round)
    round.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=round,
        unit_path=round.unit.path,
        before=before,
        after=snapshot(round, ROUND_FIELDS),
    )
    return round
