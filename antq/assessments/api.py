"""`/api/v1/assessments`: every step of the cycle through the same services.

One URL per move of `Assessment.moves` and `RecognitionDecision.moves`
(`POST /{pk}/submit`, `/decisions/{pk}/issue`…); a move the state does not
allow answers 409 with `current_state` (and a stale version 409 with
`current_version`), a refused right 403."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user
from antq.assessments.models import Answer, Assessment, Campaign, RecognitionDecision, Score
from antq.assessments.selectors import assessment_detail, campaigns_for, results_for
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.decisions import (
    decision_create,
    decision_issue,
    decision_reissue,
)
from antq.assessments.services.workflow import (
    assessment_confirm_scores,
    assessment_propose,
    assessment_reject,
    assessment_return,
    assessment_save,
    assessment_start,
    assessment_submit,
)
from antq.core.api import Day, ErrorOut, Id, Positive, Version, number_for, require_version
from antq.core.periods import parse
from antq.documents.services import document_render_start
from antq.units.codes import UnitUsedOut, unit_from_code

router = Router(tags=["assessments"])


class CampaignOut(Schema):
    id: int
    year: int
    province: str
    status: str
    area_deadline: dt.date
    other_deadline: dt.date

    @staticmethod
    def resolve_province(obj: Campaign) -> str:
        return obj.province.code


class CampaignIn(Schema):
    province: str
    year: int = Field(..., ge=2020, le=2100)


class AssessmentUnitRef(Schema):
    unit: str = Field(..., description="mã đơn vị")


class AnswerOut(Schema):
    criterion: str
    text: str
    kind: str
    met: bool | None
    number: Decimal | None
    note: str
    computed: dict | None

    @staticmethod
    def resolve_criterion(obj) -> str:
        return obj.criterion.code

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.criterion.text

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.criterion.kind


class AssessmentOut(Schema):
    id: int
    campaign: int
    unit: str
    unit_name: str
    status: str
    self_result: bool | None
    review_note: str
    meeting_date: dt.date | None
    meeting_chair: str
    self_score: Decimal | None
    confirmed_score: Decimal | None
    classification: str
    version: int
    answers: list[AnswerOut]

    @staticmethod
    def resolve_campaign(obj) -> int:
        return obj.campaign_id

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_answers(obj) -> list:
        return list(obj.answers.all())


class AnswerIn(Schema):
    met: bool | None = None
    number: number_for(Answer, "number") | None = Field(None, ge=0, description="98.5 hoặc “98,5”")
    note: str = ""


class MeetingIn(Schema):
    date: Day | None = None
    chair: str = ""
    attendees: str = ""


class SaveIn(Schema):
    answers: dict[str, AnswerIn] = {}
    meeting: MeetingIn | None = None
    scores: dict[str, number_for(Score, "self_points") | None] | None = None
    version: Version | None = Field(
        None, description="phiên bản đã đọc: bắt buộc (thiếu → 428, cũ → 409)"
    )


class AssessmentReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class ScoresIn(Schema):
    scores: dict[str, number_for(Score, "confirmed_points") | None]


class RecognitionDecisionIn(Schema):
    issuer: str
    assessments: list[Id] = Field(..., min_length=1, max_length=1000)
    number: Positive | None = Field(
        None, description="để trống: sổ đăng ký cấp số tiếp theo khi ban hành"
    )
    date: Day | None = None
    signer_name: str = Field("", description="để trống: người giữ chức danh vào ngày ban hành")
    signing_form: Literal["TM.", "KT."] = "TM."
    signer_title: str = "CHỦ TỊCH"
    place: str = ""
    proposer: str = ""


class RecognitionReissueIn(Schema):
    """What an issued decision's correction may change, and why."""

    note: str = Field(..., min_length=1, max_length=255, description="lý do đính chính")
    date: dt.date | None = None
    place: str | None = None
    signer_name: str | None = None
    signing_form: Literal["TM.", "KT."] | None = None
    signer_title: str | None = None
    proposer: str | None = None


class RecognitionDecisionOut(Schema):
    id: int
    reference: str
    status: str
    date: dt.date | None
    issuer: str
    units: list[str]
    document: int | None = Field(
        None, description="văn bản trong sổ đăng ký: GET /api/v1/documents/{id}"
    )

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer.code

    @staticmethod
    def resolve_units(obj) -> list[str]:
        return [a.unit.code for a in obj.assessments.select_related("unit")]

    @staticmethod
    def resolve_document(obj) -> int | None:
        return obj.document_id


class TargetOut(Schema):
    target: str
    label: str
    units: int
    registered: int
    assessed: int
    recognized: int
    recognized_pct: Decimal | None
    change_pct_points: Decimal | None


class ResultsOut(Schema):
    year: int
    unit: str
    unit_used: UnitUsedOut
    view: str
    targets: list[TargetOut]
    classification: dict[str, int]
    not_recognized: list[dict]


def _campaign(request, pk: Id) -> Campaign:
    return get_for_user(Campaign.objects.select_related("province"), request.auth, VIEW, pk=pk)


def _assessment(request, pk: Id) -> Assessment:
    found = get_for_user(
        Assessment.objects.select_related("unit", "campaign"), request.auth, VIEW, pk=pk
    )
    return assessment_detail(found)


def _by_code(assessment: Assessment, values: dict, attr: str) -> dict:
    """Map criterion or score-item codes given by a client to ids."""
    if attr == "criterion":
        ids = {a.criterion.code: a.criterion_id for a in assessment.answers.all()}
    else:
        ids = {s.item.code: s.item_id for s in assessment.scores.all()}
    unknown = sorted(set(values) - set(ids))
    if unknown:
        raise ValidationError(
            {attr: [_("Mã không có trong hồ sơ: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    return {ids[code]: value for code, value in values.items()}


@router.get("/campaigns", response=list[CampaignOut])
def campaigns_list(request):
    return list(campaigns_for(request.auth))


@router.post("/campaigns", response={201: CampaignOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def campaigns_create(request, payload: CampaignIn):
    campaign = campaign_open(
        by=request.auth, province=unit_from_code(request, payload.province), year=payload.year
    )
    return Status(201, campaign)


@router.post(
    "/campaigns/{int:pk}/registrations",
    response={201: dict, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def registrations_create(request, pk: Id, payload: AssessmentUnitRef):
    registration = registration_create(
        by=request.auth, campaign=_campaign(request, pk), unit=unit_from_code(request, payload.unit)
    )
    return Status(
        201,
        {"unit": registration.unit.code, "registered_on": registration.registered_on.isoformat()},
    )


@router.get("/campaigns/{int:pk}/assessments", response=list[AssessmentOut])
def assessments_list(request, pk: Id, status: str | None = None):
    campaign = _campaign(request, pk)
    found = Assessment.objects.for_user(request.auth, VIEW).filter(campaign=campaign)
    if status:
        found = found.filter(status=status)
    return [assessment_detail(a) for a in found.order_by("unit__path")[:500]]


@router.post(
    "/campaigns/{int:pk}/assessments",
    response={201: AssessmentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def assessments_start(request, pk: Id, payload: AssessmentUnitRef):
    assessment = assessment_start(
        by=request.auth, campaign=_campaign(request, pk), unit=unit_from_code(request, payload.unit)
    )
    return Status(201, assessment_detail(assessment))


@router.get("/{int:pk}", response={200: AssessmentOut, 404: ErrorOut})
def assessments_detail(request, pk: Id):
    return _assessment(request, pk)


@router.put(
    "/{int:pk}",
    response={200: AssessmentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def assessments_save(request, pk: Id, payload: SaveIn):
    """Save a draft: answers and scores keyed by criterion / item code."""
    assessment = _assessment(request, pk)
    answers = _by_code(assessment, {k: v.dict() for k, v in payload.answers.items()}, "criterion")
    scores = _by_code(assessment, payload.scores, "item") if payload.scores is not None else None
    meeting = payload.meeting.dict() if payload.meeting else None
    assessment_save(
        by=request.auth,
        assessment=assessment,
        answers=answers,
        meeting=meeting,
        scores=scores,
        expected_version=require_version(payload.version),
    )
    return assessment_detail(assessment)


def _move(request, pk: Id, service, **kwargs):
    assessment = _assessment(request, pk)
    service(by=request.auth, assessment=assessment, **kwargs)
    return assessment_detail(assessment)


MOVE_RESPONSES = {200: AssessmentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post("/{int:pk}/submit", response=MOVE_RESPONSES)
def assessments_submit(request, pk: Id):
    return _move(request, pk, assessment_submit)


@router.post("/{int:pk}/return", response=MOVE_RESPONSES)
def assessments_return(request, pk: Id, payload: AssessmentReasonIn):
    return _move(request, pk, assessment_return, reason=payload.reason)


@router.post("/{int:pk}/propose", response=MOVE_RESPONSES)
def assessments_propose(request, pk: Id):
    return _move(request, pk, assessment_propose)


@router.post("/{int:pk}/reject", response=MOVE_RESPONSES)
def assessments_reject(request, pk: Id, payload: AssessmentReasonIn):
    return _move(request, pk, assessment_reject, reason=payload.reason)


@router.post("/{int:pk}/scores", response=MOVE_RESPONSES)
def assessments_scores(request, pk: Id, payload: ScoresIn):
    assessment = _assessment(request, pk)
    scores = _by_code(assessment, payload.scores, "item")
    return _move(request, pk, assessment_confirm_scores, scores=scores)


@router.post(
    "/campaigns/{int:pk}/decisions",
    response={201: RecognitionDecisionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def decisions_create(request, pk: Id, payload: RecognitionDecisionIn):
    campaign = _campaign(request, pk)
    assessments = list(
        Assessment.objects.for_user(request.auth, VIEW)
        .filter(campaign=campaign, pk__in=payload.assessments)
        .select_related("unit")
    )
    if len(assessments) != len(set(payload.assessments)):
        raise Http404(_("Có hồ sơ không tồn tại hoặc ngoài phạm vi của bạn."))
    decision = decision_create(
        by=request.auth,
        campaign=campaign,
        issuer=unit_from_code(request, payload.issuer),
        assessments=assessments,
        number=payload.number,
        day=payload.date,
        signer_name=payload.signer_name,
        signing_form=payload.signing_form,
        signer_title=payload.signer_title,
        place=payload.place,
        proposer=payload.proposer,
    )
    return Status(201, decision)


def _decision(request, pk: Id) -> RecognitionDecision:
    return get_for_user(
        RecognitionDecision.objects.select_related("issuer", "campaign"), request.auth, VIEW, pk=pk
    )


DECISION_MOVE_RESPONSES = {200: RecognitionDecisionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/decisions/{int:pk}/issue", response=DECISION_MOVE_RESPONSES)
def decisions_issue(request, pk: Id):
    """Issue a draft decision: its assessments become recognized; its document
    is numbered and dated, its files made right after. 409 when it is issued already."""
    return decision_issue(by=request.auth, decision=_decision(request, pk))


@router.post("/decisions/{int:pk}/generate", response=DECISION_MOVE_RESPONSES)
def decisions_generate(request, pk: Id):
    """Queue the files of an issued decision that has none (its job failed).
    409 for a draft, or when its files exist: an issued document is never
    rendered again (replace it instead)."""
    decision = _decision(request, pk)
    document_render_start(by=request.auth, document=decision.document)
    return decision


@router.post(
    "/decisions/{int:pk}/reissue",
    response={**DECISION_MOVE_RESPONSES, 422: ErrorOut},
)
def decisions_reissue(request, pk: Id, payload: RecognitionReissueIn):
    """Replace an issued decision: a new document with its own number citing
    the first, which is marked replaced and keeps its files. 409 for a draft."""
    corrections = payload.dict(exclude_none=True)
    note = corrections.pop("note")
    return decision_reissue(
        by=request.auth, decision=_decision(request, pk), note=note, **corrections
    )


@router.get("/results", response={200: ResultsOut, 404: ErrorOut})
def results(
    request,
    unit: str,
    year: int = Query(..., ge=2000, le=2100),
    view: Literal["published", "restated"] = "published",
    as_of: Day | None = None,
):
    """Registered / assessed / recognized by target for a subtree and year. `unit`
    is a code: published, the unit of that code in the year; restated, today's
    unit; `as_of` overrides both. `unit_used` names the unit the answer is about."""
    root = unit_from_code(request, unit, view=view, period=parse(str(year)), as_of=as_of)
    found = results_for(root=root, year=year, view=view)
    return {
        "year": year,
        "unit": root.code,
        "unit_used": root,
        "view": view,
        "targets": [
            t.__dict__
            | {"recognized_pct": t.recognized_pct, "change_pct_points": t.change_pct_points}
            for t in found.targets
        ],
        "classification": found.classification,
        "not_recognized": [
            {
                "unit": a.unit.code,
                "name": a.unit.name,
                "status": a.status,
                "failed": [x.criterion.code for x in a.failed_answers],
            }
            for a in found.not_recognized
        ],
    }
