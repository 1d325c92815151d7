"""The self-assessment and its review, one service per move of
`Assessment.moves` (recognition comes with a decision: services.decisions).

Every move requires the right (`accounts.access.require`: `Refused`, 403),
makes the declared move (`WrongState`, 409, from a wrong state), writes the
audit entry, in one transaction.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.access import APPROVE, EDIT, Actor, require
from antq.assessments.computed import compute
from antq.assessments.models import (
    TARGET_OF_TYPE,
    Answer,
    Assessment,
    Campaign,
    CriteriaSet,
    Criterion,
    Score,
    ScoreSheet,
)
from antq.assessments.services.criteria import criteria_for
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record, snapshot
from antq.audit.versions import bump, lock_current
from antq.core.actors import person_of
from antq.core.dates import future_date_message
from antq.core.workflow import WrongState
from antq.units.models import Unit
from antq.units.placement import place

S = Assessment.Status
FIELDS = [
    "status",
    "meeting_date",
    "meeting_chair",
    "meeting_attendees",
    "self_result",
    "review_note",
    "self_score",
    "confirmed_score",
    "classification",
    "version",
]


def _audit(by: Actor, assessment: Assessment, before: dict, note: str = "") -> None:
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=assessment,
        unit_path=assessment.unit.path,
        before=before,
        after=snapshot(assessment, FIELDS),
        note=note,
    )


def reviewer_unit(assessment: Assessment) -> Unit:
    return assessment.campaign.recognizer_of(assessment.unit)


def assessment_require_reviewer(*, by: Actor, assessment: Assessment) -> None:
    """Refused (403) unless `by` approves at the unit that recognizes
    `assessment` (its parent, or the province where the campaign says so)."""
    require(
        by,
        APPROVE,
        reviewer_unit(assessment),
        _("Bạn không có thẩm quyền xét duyệt hồ sơ này."),
    )


def _new_assessment(campaign: Campaign, unit: Unit) -> tuple[Assessment, list, list]:
    """The assessment `unit` would open for `campaign`, not saved: one empty
    answer per criterion, one score line per score-sheet item. Raises
    ValidationError for a unit or campaign that cannot be assessed."""
    target = TARGET_OF_TYPE.get(unit.type)
    if target is None or not unit.path.startswith(campaign.province.path):
        raise ValidationError(_("Đơn vị này không thuộc diện đánh giá của đợt này."))
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Đợt đánh giá đã kết thúc."))
    assessment = Assessment(campaign=campaign, unit=unit)
    criteria = criteria_for(year=campaign.year, target=target, province=campaign.province)
    answers = [Answer(assessment=assessment, criterion=c) for c in criteria]
    sheet = ScoreSheet.objects.filter(year=campaign.year, target=target).first()
    scores = [Score(assessment=assessment, item=i) for i in sheet.items.all()] if sheet else []
    return assessment, answers, scores


def assessment_blank(*, by: Actor, campaign: Campaign, unit: Unit) -> Assessment:
    """The empty self-assessment a page shows before the first save: nothing is
    written (opening a page never writes). Its unsaved answers and score lines
    are on `blank_answers` and `blank_scores`. Raises Refused or
    ValidationError as `assessment_start` does."""
    require(by, EDIT, unit, _("Bạn không có quyền tự đánh giá cho đơn vị này."))
    assessment, answers, scores = _new_assessment(campaign, unit)
    assessment.blank_answers, assessment.blank_scores = answers, scores
    return assessment


@transaction.atomic
def assessment_start(*, by: Actor, campaign: Campaign, unit: Unit) -> Assessment:
    """Open (or return the existing) self-assessment of `unit` for `campaign`, with
    one empty answer per criterion and one score line per score-sheet item,
    placed under today's units (`units.placement.place`). Called by the first
    save, never by opening the page. Raises Refused or ValidationError (a unit
    or campaign that cannot be assessed)."""
    require(by, EDIT, unit, _("Bạn không có quyền tự đánh giá cho đơn vị này."))
    existing = Assessment.objects.filter(campaign=campaign, unit=unit).first()
    if existing:
        return existing
    assessment, answers, scores = _new_assessment(campaign, unit)
    place(assessment)
    assessment.save()
    Answer.objects.bulk_create(answers)
    Score.objects.bulk_create(scores)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=assessment,
        unit_path=unit.path,
        after=snapshot(assessment, FIELDS),
    )
    return assessment


def _refresh_computed(assessment: Assessment) -> None:
    for answer in assessment.answers.select_related("criterion").filter(
        criterion__kind=Criterion.Kind.COMPUTED
    ):
        result = compute(assessment, answer.criterion)
        if result is None:
            continue
        answer.computed = result
        answer.number = Decimal(result["value"])
        answer.met = answer.criterion.passes(answer.number)
        answer.save(update_fields=["computed", "number", "met"])


@transaction.atomic
def assessment_save(
    *,
    by: Actor,
    assessment: Assessment,
    answers: dict[int, dict] | None = None,
    meeting: dict | None = None,
    scores: dict[int, Decimal | None] | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Save a draft: answers by criterion id ({"met", "number", "note"}), the meeting
    ({"date", "chair", "attendees"}) and self scores by score-item id. Safe at any
    point while the assessment is a draft or returned (else WrongState). Raises
    Refused, ValidationError, or StaleVersion when `expected_version` is given
    and someone saved the assessment since."""
    require(by, EDIT, assessment.unit, _("Bạn không có quyền sửa tự đánh giá này."))
    lock_current(assessment, expected_version=expected_version)
    Assessment.moves.check(assessment, "edit")
    before = snapshot(assessment, FIELDS)
    errors: dict[str, list[str]] = {}
    by_id = {a.criterion_id: a for a in assessment.answers.select_related("criterion")}
    for criterion_id, values in (answers or {}).items():
        answer = by_id.get(int(criterion_id))
        if answer is None:
            errors.setdefault("answers", []).append(_("Tiêu chí không thuộc bộ tiêu chí này."))
            continue
        _apply_answer(answer, values, errors)
    if meeting is not None:
        future = future_date_message(meeting.get("date"), what=_("Ngày họp"))
        if future:
            errors.setdefault("meeting_date", []).append(future)
        assessment.meeting_date = meeting.get("date")
        assessment.meeting_chair = (meeting.get("chair") or "").strip()
        assessment.meeting_attendees = (meeting.get("attendees") or "").strip()
    if scores is not None:
        _apply_scores(assessment, scores, "self_points", errors)
        assessment.self_score = _total(assessment, "self_points")
    if errors:
        raise ValidationError(errors)
    bump(assessment)
    assessment.save()
    _refresh_computed(assessment)
    _audit(by, assessment, before)
    return assessment


def _apply_answer(answer: Answer, values: dict, errors: dict) -> None:
    criterion = answer.criterion
    if "note" in values:
        answer.note = (values.get("note") or "").strip()
    if criterion.kind == Criterion.Kind.NUMBER and "number" in values:
        number = values.get("number")
        if number is not None and Decimal(number) < 0:
            errors.setdefault(f"criterion_{criterion.code}", []).append(_("Số liệu không được âm."))
            return
        answer.number = number
        answer.met = criterion.passes(Decimal(number)) if number is not None else None
    elif "met" in values and (criterion.kind == Criterion.Kind.YES_NO or answer.computed is None):
        answer.met = values.get("met")
    answer.save()


def _apply_scores(assessment: Assessment, scores: dict, field: str, errors: dict) -> None:
    lines = {s.item_id: s for s in assessment.scores.select_related("item")}
    for item_id, points in scores.items():
        line = lines.get(int(item_id))
        if line is None:
            continue
        if points is not None and not (0 <= Decimal(points) <= line.item.max_points):
            errors.setdefault(f"score_{line.item.code}", []).append(
                _("Mục %(code)s: điểm phải từ 0 đến %(max)s.")
                % {"code": line.item.code, "max": line.item.max_points}
            )
            continue
        setattr(line, field, points)
        line.save(update_fields=[field])


def _total(assessment: Assessment, field: str) -> Decimal | None:
    values = [getattr(s, field) for s in assessment.scores.all()]
    if not values or any(v is None for v in values):
        return None
    return sum(values, Decimal("0"))


def missing_answers(assessment: Assessment) -> list[str]:
    """Criterion codes still unanswered (a computed one counts once computed)."""
    return [
        a.criterion.code for a in assessment.answers.select_related("criterion") if a.met is None
    ]


@transaction.atomic
def assessment_submit(*, by: Actor, assessment: Assessment) -> Assessment:
    """Submit to the reviewer: every criterion answered and the meeting recorded;
    the result is locked, and so are the criteria sets it used. Raises Refused,
    WrongState or ValidationError (what is missing)."""
    require(by, EDIT, assessment.unit, _("Bạn không có quyền nộp tự đánh giá này."))
    lock_current(assessment)  # two clicks of "Nộp" make one submission
    Assessment.moves.check(assessment, "submit")
    _refresh_computed(assessment)
    errors = []
    missing = missing_answers(assessment)
    if missing:
        errors.append(_("Chưa trả lời tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    if not assessment.meeting_date or not assessment.meeting_chair:
        errors.append(_("Cần ghi ngày họp tự đánh giá và người chủ trì."))
    if errors:
        raise ValidationError(errors)
    before = snapshot(assessment, FIELDS)
    assessment.self_result = not assessment.answers.filter(met=False).exists()
    Assessment.moves.apply(assessment, "submit")
    assessment.submitted_at = timezone.now()
    assessment.review_note = ""
    bump(assessment)
    assessment.save()
    now = timezone.now()
    CriteriaSet.objects.filter(
        criteria__answers__assessment=assessment, locked_at__isnull=True
    ).update(locked_at=now)
    ScoreSheet.objects.filter(
        items__in=assessment.scores.values("item"), locked_at__isnull=True
    ).update(locked_at=now)
    _audit(by, assessment, before, note=_("Nộp hồ sơ"))
    return assessment


def _review_move(by: Actor, assessment: Assessment, move: str) -> dict:
    """Check a reviewer's move (right, then state on the locked row); the row as
    it was, for the audit entry."""
    assessment_require_reviewer(by=by, assessment=assessment)
    lock_current(assessment)  # concurrent reviewers: one move, the others see its result
    Assessment.moves.check(assessment, move)
    return snapshot(assessment, FIELDS)


@transaction.atomic
def assessment_return(*, by: Actor, assessment: Assessment, reason: str) -> Assessment:
    """Send back for correction with the reviewer's comments."""
    before = _review_move(by, assessment, "return")
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần ghi lý do trả lại.")]})
    Assessment.moves.apply(assessment, "return")
    assessment.review_note = reason.strip()
    assessment.reviewed_by, assessment.reviewed_at = person_of(by), timezone.now()
    bump(assessment)
    assessment.save()
    _audit(by, assessment, before, note=reason.strip()[:255])
    return assessment


@transaction.atomic
def assessment_propose(*, by: Actor, assessment: Assessment, note: str = "") -> Assessment:
    """The reviewer proposes recognition; only a unit that assessed itself as đạt
    can be proposed (else WrongState: the submitted result is what stands)."""
    before = _review_move(by, assessment, "propose")
    if not assessment.self_result:
        raise WrongState(
            _("%(unit)s tự đánh giá chưa đạt nên không thể đề nghị công nhận.")
            % {"unit": assessment.unit.name},
            current=assessment.status,
            current_label=assessment.get_status_display(),
        )
    Assessment.moves.apply(assessment, "propose")
    assessment.review_note = note.strip()
    assessment.reviewed_by, assessment.reviewed_at = person_of(by), timezone.now()
    bump(assessment)
    assessment.save()
    _audit(by, assessment, before, note=_("Đề nghị công nhận"))
    return assessment


@transaction.atomic
def assessment_reject(*, by: Actor, assessment: Assessment, reason: str) -> Assessment:
    """Conclude that the unit is not recognized this year."""
    before = _review_move(by, assessment, "reject")
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần ghi lý do.")]})
    Assessment.moves.apply(assessment, "reject")
    assessment.classification = classify(assessment.campaign, assessment.confirmed_score, False)
    assessment.review_note = reason.strip()
    assessment.reviewed_by, assessment.reviewed_at = person_of(by), timezone.now()
    bump(assessment)
    assessment.save()
    _audit(by, assessment, before, note=reason.strip()[:255])
    return assessment


def classify(campaign: Campaign, score: Decimal | None, recognized: bool) -> str:
    """The class for `score` under the campaign's bands; a unit not meeting the
    standard is capped below Khá when the campaign says so."""
    if score is None:
        return ""
    bands = sorted(campaign.bands, key=lambda band: band["min"], reverse=True)
    label = next((b["label"] for b in bands if score >= Decimal(str(b["min"]))), bands[-1]["label"])
    if campaign.cap_unrecognized and not recognized and label in {"Xuất sắc", "Khá"}:
        label = next((b["label"] for b in bands if b["label"] not in {"Xuất sắc", "Khá"}), label)
    return label


@transaction.atomic
def assessment_confirm_scores(
    *, by: Actor, assessment: Assessment, scores: dict[int, Decimal | None]
) -> Assessment:
    """The reviewer confirms (or corrects) the self scores; the class follows."""
    before = _review_move(by, assessment, "confirm_scores")
    errors: dict[str, list[str]] = {}
    _apply_scores(assessment, scores, "confirmed_points", errors)
    if errors:
        raise ValidationError(errors)
    assessment.confirmed_score = _total(assessment, "confirmed_points")
    meets = assessment.status in {S.PROPOSED, S.RECOGNIZED} or (
        assessment.status == S.SUBMITTED and bool(assessment.self_result)
    )
    assessment.classification = classify(assessment.campaign, assessment.confirmed_score, meets)
    bump(assessment)
    assessment.save()
    _audit(by, assessment, before, note=_("Xác nhận điểm phân loại"))
    return assessment


def assessment_deadline_passed(assessment: Assessment, today: date | None = None) -> bool:
    day = today or timezone.localdate()
    return day > assessment.campaign.deadline_for(assessment.unit)
