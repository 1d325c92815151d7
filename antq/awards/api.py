"""`/api/v1/awards`: award types, rounds, nominations with their eligibility,
the council's conclusion (one URL per move: accept, reject), decisions (with
the DOCX), the decisions recorded as already issued (`/records`) and the
counts. A move the current state does not allow answers
409 with `current_state`."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import VIEW, get_for_user, home_units, is_system_admin
from antq.awards.models import AwardType, Decision, Nomination, Round
from antq.awards.record_api import router as records_router
from antq.awards.selectors import (
    award_counts,
    decisions_for,
    nomination_visible,
    nominations_visible,
    rounds_open_to,
)
from antq.awards.services import (
    NominationInput,
    decision_create,
    decision_issue,
    decision_reissue,
    nominate,
    nomination_accept,
    nomination_reject,
    round_close,
    round_open,
)
from antq.core.api import Count, Day, ErrorOut, Id, Positive, Version, Year
from antq.documents.views import file_response
from antq.units.codes import carried_unit_from_code, unit_from_code

router = Router(tags=["awards"])
router.add_router("/records", records_router)


class AwardTypeOut(Schema):
    code: str
    name: str
    level: str
    for_collectives: bool
    for_individuals: bool
    once_per_lifetime: bool
    conditions: list[dict]


class RoundOut(Schema):
    id: int
    unit: str
    year: int
    kind: str
    name: str
    deadline: dt.date
    status: str

    @staticmethod
    def resolve_unit(obj: Round) -> str:
        return obj.unit.code


class RoundIn(Schema):
    unit: str
    year: int = Field(..., ge=2000, le=2100)
    kind: Literal["year_end", "festival", "thematic"]
    name: str = Field(..., min_length=1, max_length=255)
    deadline: Day


class NominationOut(Schema):
    id: int
    award_type: str
    recipient_kind: str
    unit: str
    unit_name: str
    person_name: str
    position: str
    achievement: str
    status: str
    reason: str
    version: int

    @staticmethod
    def resolve_award_type(obj: Nomination) -> str:
        return obj.award_type.code

    @staticmethod
    def resolve_unit(obj: Nomination) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Nomination) -> str:
        return obj.unit.name


class NominationIn(Schema):
    award_type: str
    recipient_kind: Literal["collective", "individual"]
    unit: str = Field(..., description="mã đơn vị (tập thể, hoặc đơn vị của cá nhân)")
    achievement: str = Field(..., min_length=1, max_length=5000)
    person_name: str = Field("", max_length=120)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    position: str = Field("", max_length=255)
    years_of_service: Count | None = Field(None, ge=0, le=80)
    example: Id | None = Field(None, description="id điển hình tiên tiến (đề nghị từ điển hình)")


VERSION_HINT = "phiên bản đã đọc; khác phiên bản hiện tại → 409"
#: the version a body-less move was based on, in the query string (?version=3)
VERSION = Query(None, description=VERSION_HINT)


class AwardVersionIn(Schema):
    version: Version | None = Field(None, description=VERSION_HINT)


class AwardReissueIn(Schema):
    note: str = Field(..., min_length=1, max_length=255, description="nội dung điều chỉnh")


class RejectIn(AwardVersionIn):
    reason: str = Field(..., min_length=1, max_length=500, description="lý do không đề nghị")


class AwardDecisionOut(Schema):
    id: int
    round: Id
    award_type: str
    reference: str
    number: int | None
    date: dt.date | None
    signer_name: str
    status: str
    nominations: list[int]
    document: int | None = Field(
        None, description="văn bản trong sổ đăng ký: GET /api/v1/documents/{id}"
    )

    @staticmethod
    def resolve_document(obj: Decision) -> int | None:
        return obj.document_id

    @staticmethod
    def resolve_round(obj: Decision) -> int:
        return obj.round_id

    @staticmethod
    def resolve_award_type(obj: Decision) -> str:
        return obj.award_type.code

    @staticmethod
    def resolve_nominations(obj: Decision) -> list[int]:
        return list(obj.nominations.values_list("pk", flat=True))


class AwardDecisionIn(Schema):
    """The award type names the issuing body and the signer's title; a number
    left out is the register's next one, a signer left out the holder of the
    title on the date."""

    round: Id
    award_type: str
    number: Positive | None = None
    date: Day | None = None
    signer_name: str = Field("", max_length=120)
    signer_title: str | None = Field(None, max_length=120)
    signing_form: Literal["TM", "KT"] | None = None


class CountOut(Schema):
    award_type: str
    name: str
    level: str
    level_name: str
    recipient_kind: str
    count: int = Field(..., description="khen thưởng trong antq và theo quyết định đã ban hành")
    recorded: int = Field(..., description="trong đó: theo quyết định đã ban hành được ghi nhận")


def _type(code: str) -> AwardType:
    award = AwardType.objects.filter(code=code, active=True).first()
    if award is None:
        message = _("Không có hình thức khen thưởng mã %(c)s.") % {"c": code}
        raise ValidationError({"award_type": [message]})
    return award


def _round(request, pk: Id) -> Round:
    round = rounds_open_to(request.auth).filter(pk=pk).first()
    if round is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
    return round


@router.get("/types", response=list[AwardTypeOut], summary="Các hình thức khen thưởng")
def types(request, all: bool = Query(False, description="cả hình thức không còn dùng")):
    return list(AwardType.objects.all() if all else AwardType.objects.filter(active=True))


@router.get("/rounds", response=list[RoundOut], summary="Các đợt khen thưởng")
def list_rounds(request, year: Year | None = None):
    rows = rounds_open_to(request.auth)
    return list(rows.filter(year=year) if year else rows)


WRITE = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MOVE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post("/rounds", response={201: RoundOut, **WRITE}, summary="Mở một đợt khen thưởng")
def open_round(request, body: RoundIn):
    unit = unit_from_code(request, body.unit)
    return Status(201, round_open(by=request.auth, unit=unit, **body.dict(exclude={"unit"})))


@router.post("/rounds/{int:pk}/close", response={200: RoundOut, **MOVE}, summary="Kết thúc đợt")
def close_round(request, pk: Id, version: Version | None = VERSION):
    """The round is decided and receives no more nominations (409 once closed)."""
    round = _round(request, pk)
    return round_close(by=request.auth, round=round, expected_version=version)


@router.get(
    "/rounds/{int:pk}/nominations", response=list[NominationOut], summary="Các đề nghị của đợt"
)
def list_nominations(request, pk: Id):
    return list(nominations_visible(request.auth, _round(request, pk)))


@router.post(
    "/rounds/{int:pk}/nominations",
    response={201: NominationOut, **MOVE},
    summary="Đề nghị khen thưởng",
)
def create_nomination(request, pk: Id, body: NominationIn):
    round = _round(request, pk)
    unit = carried_unit_from_code(request, body.unit, day=dt.date(round.year, 12, 31))
    data = NominationInput(
        award_type=_type(body.award_type),
        recipient_kind=body.recipient_kind,
        unit=unit,
        achievement=body.achievement,
        person_name=body.person_name,
        birth_year=body.birth_year,
        position=body.position,
        years_of_service=body.years_of_service,
        example_id=body.example,
    )
    return Status(201, nominate(by=request.auth, round=round, data=data))


@router.post(
    "/nominations/{int:pk}/accept",
    response={200: NominationOut, **MOVE},
    summary="Hội đồng nhất trí đề nghị",
)
def accept_nomination(request, pk: Id, version: Version | None = VERSION):
    nomination = _visible_nomination(request, pk)
    return nomination_accept(by=request.auth, nomination=nomination, expected_version=version)


@router.post(
    "/nominations/{int:pk}/reject",
    response={200: NominationOut, **MOVE},
    summary="Hội đồng không đề nghị (nêu lý do)",
)
def reject_nomination(request, pk: Id, body: RejectIn):
    nomination = _visible_nomination(request, pk)
    return nomination_reject(
        by=request.auth, nomination=nomination, reason=body.reason, expected_version=body.version
    )


def _visible_nomination(request, pk: Id) -> Nomination:
    nomination = nomination_visible(request.auth, pk)
    if nomination is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
    return nomination


@router.get("/decisions", response=list[AwardDecisionOut], summary="Các quyết định khen thưởng")
def list_decisions(request):
    return list(decisions_for(request.auth)[:500])


@router.post(
    "/decisions", response={201: AwardDecisionOut, **WRITE}, summary="Ghi quyết định (dự thảo)"
)
def create_decision(request, body: AwardDecisionIn):
    round = get_for_user(Round.objects.select_related("unit"), request.auth, VIEW, pk=body.round)
    decision = decision_create(
        by=request.auth,
        round=round,
        award_type=_type(body.award_type),
        **body.dict(exclude={"round", "award_type"}),
    )
    return Status(201, decision)


@router.post(
    "/decisions/{int:pk}/issue",
    response={200: AwardDecisionOut, **MOVE},
    summary="Ban hành quyết định",
)
def issue_decision(request, pk: Id, version: Version | None = VERSION):
    """Every nomination awarded; 409 once issued, or when a nomination is no
    longer accepted by the council."""
    decision = get_for_user(
        Decision.objects.select_related("round__unit"), request.auth, VIEW, pk=pk
    )
    return decision_issue(by=request.auth, decision=decision, expected_version=version)


@router.post(
    "/decisions/{int:pk}/reissue",
    response={200: AwardDecisionOut, **MOVE},
    summary="Ban hành lại quyết định (đính chính)",
)
def reissue_decision(request, pk: Id, body: AwardReissueIn):
    """A correction (đính chính) with its own number citing the decision,
    whose files stay; 409 while it is a draft."""
    decision = get_for_user(
        Decision.objects.select_related("round__unit"), request.auth, VIEW, pk=pk
    )
    return decision_reissue(by=request.auth, decision=decision, note=body.note)


@router.get("/decisions/{int:pk}/docx", summary="Tải quyết định (DOCX)")
def decision_docx(request, pk: Id):
    """The decision's DOCX as issued (the same file as
    GET /api/v1/documents/{document}/docx); 404 while a draft."""
    decision = get_for_user(Decision.objects.all(), request.auth, VIEW, pk=pk)
    if decision.document is None:
        raise Http404(_("Quyết định chưa ban hành, chưa có văn bản."))
    return file_response(decision.document, "docx")


@router.get("/counts", response=list[CountOut], summary="Số được khen theo hình thức")
def counts(request, year: int = Query(..., ge=1945, le=2100), unit: str | None = None):
    if unit:
        root = unit_from_code(request, unit)
    else:  # the nation for a system administrator, else the user's first unit
        root = None if is_system_admin(request.auth) else home_units(request.auth).first()
    return award_counts(root=root, year=year)
