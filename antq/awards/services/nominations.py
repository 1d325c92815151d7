"""Nominations: proposed for a collective or an individual (eligibility
checked and explained), then the council's conclusion, one service per move."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, VIEW, Actor, require
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.awards.models import AwardType, Nomination, RecipientKind, Round
from antq.awards.rules import Candidate, refusals
from antq.community.models import Example
from antq.core.actors import person_of
from antq.core.vietnamese import fold
from antq.units.models import Unit
from antq.units.placement import place, unit_place

NOMINATION_FIELDS = [
    "round_id",
    "award_type_id",
    "recipient_kind",
    "unit_id",
    "person_name",
    "birth_year",
    "position",
    "achievement",
    "years_of_service",
    "status",
    "reason",
    "version",
]


@dataclass
class NominationInput:
    award_type: AwardType
    recipient_kind: str
    unit: Unit
    achievement: str
    person_name: str = ""
    birth_year: int | None = None
    position: str = ""
    years_of_service: int | None = None
    example_id: int | None = None


def nomination_check(round: Round, data: NominationInput, nomination_id: int | None = None):
    """The one validator of a nomination: the round still receives them
    (WrongState), its fields, then the award type's eligibility rules, each
    refusal explained (ValidationError)."""
    Round.moves.check(round, "nominate")
    errors: dict[str, list[str]] = {}
    if data.recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = [_("Chọn tập thể hoặc cá nhân.")]
    if not data.achievement.strip():
        errors["achievement"] = [_("Nhập thành tích.")]
    individual = data.recipient_kind == RecipientKind.INDIVIDUAL
    if individual and not data.person_name.strip():
        errors["person_name"] = [_("Nhập họ và tên của cá nhân được đề nghị.")]
    if individual and data.birth_year and data.birth_year > timezone.localdate().year:
        errors["birth_year"] = [_("Năm sinh %(y)s chưa đến.") % {"y": data.birth_year}]
    if not data.unit.path.startswith(round.unit.path) and not unit_place(data.unit)[
        "scope_path"
    ].startswith(round.unit.path):
        errors["unit"] = [
            _("%(u)s không thuộc %(r)s.") % {"u": data.unit.name, "r": round.unit.name}
        ]
    if errors:
        raise ValidationError(errors)
    problems = refusals(
        Candidate(
            award_type=data.award_type,
            recipient_kind=data.recipient_kind,
            unit=data.unit,
            person_name=data.person_name,
            birth_year=data.birth_year,
            years_of_service=data.years_of_service,
            nomination_id=nomination_id,
        ),
        round,
    )
    if problems:
        raise ValidationError({"award_type": problems})
    duplicate = _duplicate(round, data, nomination_id)
    if duplicate:
        raise ValidationError({"person_name" if individual else "unit": [duplicate]})


def _duplicate(round: Round, data: NominationInput, nomination_id: int | None) -> str:
    """Why a second nomination of the same person or unit for the same award
    type in the same round is refused ("" when it is not one). One person: the
    same unit and name (case and spacing aside; "Tâm" and "Tám" stay two
    people), and the same birth year where both give one. A nomination the
    council rejected counts too: the council may still change its conclusion
    on it."""
    same = Nomination.objects.filter(
        round=round,
        award_type=data.award_type,
        recipient_kind=data.recipient_kind,
        unit=data.unit,
    )
    if nomination_id is not None:
        same = same.exclude(pk=nomination_id)
    if data.recipient_kind == RecipientKind.INDIVIDUAL:
        same = same.filter(person_name__iexact=" ".join(data.person_name.split()))
        if data.birth_year:
            same = same.filter(Q(birth_year__isnull=True) | Q(birth_year=data.birth_year))
        who = " ".join(data.person_name.split())
    else:
        who = data.unit.name
    if not same.exists():
        return ""
    return _("%(who)s đã được đề nghị %(award)s trong đợt này; không đề nghị lần thứ hai.") % {
        "who": who,
        "award": data.award_type.name,
    }


def _check_example(by: Actor, data: NominationInput) -> None:
    """The exemplary example a nomination comes from is one `by` may see, of
    the nominated unit; ValidationError otherwise (an id of nothing, or
    another commune's example, would otherwise be linked or break the save)."""
    if data.example_id is None:
        return
    example = Example.objects.for_user(by, VIEW).filter(pk=data.example_id).first()
    if example is None:
        raise ValidationError(
            {"example": [_("Không tìm thấy điển hình số %(id)s.") % {"id": data.example_id}]}
        )
    if example.unit_id != data.unit.pk:
        raise ValidationError(
            {
                "example": [
                    _("Điển hình “%(name)s” thuộc %(unit)s, không phải đơn vị được đề nghị.")
                    % {"name": str(example), "unit": example.unit.name}
                ]
            }
        )


@transaction.atomic
def nominate(*, by: Actor, round: Round, data: NominationInput) -> Nomination:
    """Propose a collective or an individual. Raises Refused unless `by` may
    edit where the unit is counted today, WrongState once the round is
    closed, ValidationError with the reasons when the award type's conditions
    are not met."""
    name = " ".join(data.person_name.split())
    nomination = Nomination(
        round=round,
        award_type=data.award_type,
        recipient_kind=data.recipient_kind,
        unit=data.unit,
        person_name=name,
        name_folded=fold(name),
        birth_year=data.birth_year,
        position=data.position.strip(),
        achievement=data.achievement.strip(),
        years_of_service=data.years_of_service,
        example_id=data.example_id,
        proposed_by=person_of(by),
    )
    place(nomination)
    require(by, EDIT, nomination.scope_path, _("Bạn không có quyền đề nghị cho đơn vị này."))
    lock_current(round)  # nominations of one round one after the other (quotas)
    _check_example(by, data)
    nomination_check(round, data)
    nomination.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=nomination,
        unit_path=nomination.scope_path,
        after=snapshot(nomination, NOMINATION_FIELDS),
    )
    return nomination


def _conclude(by: Actor, nomination: Nomination, move: str, reason: str, expected_version):
    """The council's conclusion `move`, with its reason (required to reject)."""
    message = _("Chỉ hội đồng thi đua, khen thưởng xét đề nghị.")
    require(by, APPROVE, nomination.round.unit, message)
    if move == "reject" and not reason:
        raise ValidationError({"reason": [_("Nêu lý do không đề nghị.")]})
    lock_current(nomination, expected_version=expected_version)
    before = snapshot(nomination, NOMINATION_FIELDS)
    Nomination.moves.apply(nomination, move)
    nomination.reason = reason
    bump(nomination)
    nomination.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=nomination,
        unit_path=nomination.scope_path,
        before=before,
        after=snapshot(nomination, NOMINATION_FIELDS),
    )
    return nomination


@transaction.atomic
def nomination_accept(
    *, by: Actor, nomination: Nomination, expected_version: int | None = None
) -> Nomination:
    """The council agrees to propose it. Raises Refused outside the round's
    approval, WrongState once accepted or awarded, StaleVersion."""
    return _conclude(by, nomination, "accept", "", expected_version)


@transaction.atomic
def nomination_reject(
    *, by: Actor, nomination: Nomination, reason: str, expected_version: int | None = None
) -> Nomination:
    """The council does not propose it, and says why (ValidationError without
    a reason). Raises Refused, WrongState once rejected or awarded, StaleVersion."""
    return _conclude(by, nomination, "reject", reason.strip(), expected_version)
