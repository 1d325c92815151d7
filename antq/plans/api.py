"""`/api/v1/plans`: plans with their key tasks inline, each task's occurrences
(the dates its deadline or RRULE gives within the plan's years), and the
lead unit's progress per occurrence. A task's lead is named by its code on
the plan's date (a 2022 plan of a province closed in 2025 names its units
of 2022); a successor takes a closed issuer's plan over (`/take-over`), the
occurrences before that day stay history (`history`, never overdue)."""

import datetime as dt
from typing import Literal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.accounts.access import EDIT, VIEW, get_for_user
from antq.core.api import Count, Day, ErrorOut, Id, Offset, Positive, Version
from antq.plans.models import Committee, CommitteeMember, Occurrence, Plan, Task
from antq.plans.selectors import plan_detail, plans_for, tasks_of
from antq.plans.services import (
    PlanInput,
    TaskInput,
    committee_create,
    committee_member_add,
    plan_create,
    plan_issue,
    plan_take_over,
    progress_report,
    task_add,
)
from antq.units.codes import carried_unit_from_code, unit_from_code
from antq.units.models import Unit

router = Router(tags=["plans"])


class OccurrenceOut(Schema):
    id: int
    due: dt.date
    status: str
    percent: int
    narrative: str
    history: bool = Field(..., description="kỳ của đơn vị đã kết thúc, chưa ai tiếp nhận")
    version: int

    @staticmethod
    def resolve_history(obj: Occurrence) -> bool:
        return obj.is_history


class TaskOut(Schema):
    id: int
    number: int
    text: str
    lead: str
    lead_name: str
    coordinating: str
    deadline: dt.date | None
    recurrence: str
    expected_output: str
    occurrences: list[dt.date]
    progress: list[OccurrenceOut]

    @staticmethod
    def resolve_lead(obj: Task) -> str:
        return obj.lead.code

    @staticmethod
    def resolve_lead_name(obj: Task) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_occurrences(obj: Task) -> list[dt.date]:
        return [o.due for o in obj.occurrences.all()]

    @staticmethod
    def resolve_progress(obj: Task) -> list[Occurrence]:
        return list(obj.occurrences.all())


class PlanOut(Schema):
    id: int
    unit: str
    unit_name: str
    number: str
    symbol: str
    date: dt.date
    title: str
    first_year: int
    last_year: int
    kind: str
    taken_over_by: str | None
    taken_over_on: dt.date | None
    version: int
    # a plan drafted and issued on the outgoing register: its document there
    # (/api/v1/documents/{id}); null for a plan recorded with its number
    document: int | None
    draft: bool

    @staticmethod
    def resolve_document(obj: Plan) -> int | None:
        return obj.register_document_id

    @staticmethod
    def resolve_draft(obj: Plan) -> bool:
        return obj.is_draft

    @staticmethod
    def resolve_unit(obj: Plan) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_taken_over_by(obj: Plan) -> str | None:
        return obj.taken_over_by.code if obj.taken_over_by_id else None

    @staticmethod
    def resolve_unit_name(obj: Plan) -> str:
        return obj.unit.name


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: Plan) -> list[Task]:
        return list(tasks_of(obj))


class PlanPage(Schema):
    items: list[PlanOut]
    count: int


class PlanFilters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: kế hoạch ban hành trong cây đơn vị đó")
    year: int | None = Field(None, ge=2000, le=2100, description="kế hoạch có hiệu lực trong năm")
    include_history: bool = Field(
        False, description="gồm kế hoạch của các đơn vị đã sắp xếp năm 2025 mà đơn vị kế thừa"
    )
    limit: int = Field(100, ge=1, le=500)
    offset: Offset = 0


class TaskIn(Schema):
    number: int = Field(..., ge=1, le=10_000)
    text: str = Field(..., min_length=1, max_length=5000)
    lead: str = Field(..., description="mã đơn vị, cơ quan chủ trì (mã vào ngày ban hành kế hoạch)")
    deadline: Day | None = None
    recurrence: str = Field("", max_length=255, description="RRULE (RFC 5545) hoặc để trống")
    coordinating: str = Field("", max_length=500)
    expected_output: str = Field("", max_length=500)


class PlanIn(Schema):
    unit: str = Field(..., description="mã đơn vị ban hành (vào ngày ban hành)")
    number: str = Field("", max_length=20, description="để trống khi on_register")
    symbol: str = Field("", max_length=40, description="để trống khi on_register")
    date: Day
    title: str = Field(..., min_length=1, max_length=500)
    first_year: int = Field(..., ge=2000, le=2100)
    last_year: int = Field(..., ge=2000, le=2100)
    kind: Literal["multi_year", "annual", "thematic"] = "multi_year"
    tasks: list[TaskIn] = Field([], max_length=500)
    on_register: bool = Field(
        False, description="soạn trên sổ đăng ký văn bản đi; số do sổ cấp khi ban hành (/issue)"
    )
    issuer: Literal["ubnd", "bcd"] = Field("ubnd", description="Ủy ban nhân dân hoặc Ban Chỉ đạo")
    purpose: str = Field("", max_length=10_000, description="I. Mục đích, yêu cầu")
    organisation: str = Field("", max_length=10_000, description="III. Tổ chức thực hiện")


class PlanIssueIn(Schema):
    date: Day = Field(..., description="ngày ban hành, không sau hôm nay")
    number: Positive | None = Field(None, description="để trống: số tiếp theo của sổ")
    signer_name: str = Field("", max_length=120, description="để trống: người giữ chức danh")
    version: Version | None = None


class ProgressIn(Schema):
    due: Day = Field(..., description="ngày của kỳ (một trong occurrences)")
    status: Literal["not_started", "in_progress", "done"]
    percent: Count = Field(..., ge=0, le=100)
    narrative: str = Field("", max_length=10_000)
    version: Version | None = Field(None, description="phiên bản đã đọc; khác hiện tại → 409")


class TakeOverIn(Schema):
    unit: str = Field(..., description="mã đơn vị tiếp nhận (đơn vị hiện nay kế thừa)")
    on: dt.date = Field(..., description="tiếp nhận từ ngày")
    version: Version | None = Field(None, description="phiên bản đã đọc; khác hiện tại → 409")


def _lead(request, code: str, day: dt.date) -> Unit:
    """A task's lead: the unit the code meant on the plan's date, else today's
    (the service checks it existed during the plan, in the plan's area)."""
    del request
    unit = (
        Unit.objects.filter(code=code).valid_on(day).first()
        or Unit.objects.filter(code=code, valid_to__isnull=True).first()
    )
    if unit is None:
        raise Http404(
            _("Không tìm thấy đơn vị mã %(code)s vào ngày %(d)s.")
            % {"code": code, "d": day.strftime("%d/%m/%Y")}
        )
    return unit


@router.get("", response=PlanPage, summary="Các kế hoạch")
def list_plans(request, filters: Query[PlanFilters]):
    root = unit_from_code(request, filters.unit) if filters.unit else None
    rows = plans_for(
        request.auth, root=root, year=filters.year, include_history=filters.include_history
    )
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"items": list(page), "count": rows.count()}


@router.post("", response={201: PlanDetailOut}, summary="Ghi một kế hoạch và các nhiệm vụ")
def create_plan(request, body: PlanIn):
    unit = carried_unit_from_code(request, body.unit, day=body.date)
    tasks = [
        TaskInput(
            number=t.number,
            text=t.text,
            lead=_lead(request, t.lead, body.date),
            deadline=t.deadline,
            recurrence=t.recurrence,
            coordinating=t.coordinating,
            expected_output=t.expected_output,
        )
        for t in body.tasks
    ]
    plan = plan_create(
        by=request.auth,
        data=PlanInput(
            unit=unit,
            number=body.number,
            symbol=body.symbol,
            date=body.date,
            title=body.title,
            first_year=body.first_year,
            last_year=body.last_year,
            kind=body.kind,
            tasks=tasks,
            on_register=body.on_register,
            issuer=body.issuer,
            purpose=body.purpose,
            organisation=body.organisation,
        ),
    )
    return Status(201, plan)


@router.get("/{int:pk}", response=PlanDetailOut, summary="Một kế hoạch với các nhiệm vụ")
def get_plan(request, pk: Id):
    return plan_detail(request.auth, pk)


@router.get("/{int:pk}/tasks", response=list[TaskOut], summary="Nhiệm vụ của kế hoạch")
def list_tasks(request, pk: Id):
    return list(tasks_of(plan_detail(request.auth, pk)))


@router.post("/{int:pk}/tasks", response={201: TaskOut}, summary="Thêm một nhiệm vụ")
def add_task(request, pk: Id, body: TaskIn):
    plan = plan_detail(request.auth, pk)
    data = TaskInput(
        number=body.number,
        text=body.text,
        lead=_lead(request, body.lead, plan.date),
        deadline=body.deadline,
        recurrence=body.recurrence,
        coordinating=body.coordinating,
        expected_output=body.expected_output,
    )
    task = task_add(by=request.auth, plan=plan, data=data)
    return Status(201, tasks_of(plan).get(pk=task.pk))


@router.post(
    "/{int:pk}/take-over",
    response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Tiếp nhận kế hoạch của đơn vị đã kết thúc",
)
def take_over(request, pk: Id, body: TakeOverIn):
    """Today's unit carrying a closed issuer takes the plan over from `on`:
    the occurrences due from that day are its own, the earlier ones history."""
    plan = plan_detail(request.auth, pk)
    unit = unit_from_code(request, body.unit)
    return plan_take_over(
        by=request.auth, plan=plan, unit=unit, on=body.on, expected_version=body.version
    )


@router.post(
    "/{int:pk}/issue",
    response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Ban hành kế hoạch soạn trên sổ đăng ký văn bản đi",
)
def issue(request, pk: Id, body: PlanIssueIn):
    """The register numbers, dates and signs the plan (its DOCX and signed PDF
    made by a job: `/api/v1/documents/{document}`); 409 for a plan recorded
    with its number or issued already."""
    plan = plan_detail(request.auth, pk)
    return plan_issue(
        by=request.auth,
        plan=plan,
        day=body.date,
        number=body.number,
        signer_name=body.signer_name or None,
        expected_version=body.version,
    )


@router.post(
    "/tasks/{int:pk}/progress",
    response={200: OccurrenceOut, 409: ErrorOut},
    summary="Báo cáo tiến độ một kỳ",
)
def report_progress(request, pk: Id, body: ProgressIn):
    """The lead unit (or the plan's issuer) reports on the occurrence of task
    `pk` due on `due`: a report, not a move, made from any status; 409 when
    `version` is not the current one."""
    occurrences = Occurrence.objects.select_related("task__plan", "task__lead")
    try:
        occurrence = get_for_user(occurrences, request.auth, EDIT, task=pk, due=body.due)
    except Http404:
        raise Http404(
            _("Không có kỳ ngày %(d)s của nhiệm vụ này.") % {"d": body.due.strftime("%d/%m/%Y")}
        ) from None
    return progress_report(
        by=request.auth,
        occurrence=occurrence,
        status=body.status,
        percent=body.percent,
        narrative=body.narrative,
        expected_version=body.version,
    )


committees_router = Router(tags=["committees"])


class CommitteeMemberOut(Schema):
    id: int
    full_name: str
    position: str
    agency: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    tasks: list[int]
    communes: list[str]

    @staticmethod
    def resolve_tasks(obj: CommitteeMember) -> list[int]:
        return [t.pk for t in obj.tasks.all()]

    @staticmethod
    def resolve_communes(obj: CommitteeMember) -> list[str]:
        return [c.code for c in obj.communes.all()]


class CommitteeOut(Schema):
    id: int
    unit: str
    name: str
    decision_number: str
    decision_date: dt.date
    members: list[CommitteeMemberOut]

    @staticmethod
    def resolve_unit(obj: Committee) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_members(obj: Committee) -> list[CommitteeMember]:
        return list(obj.members.prefetch_related("tasks", "communes"))


class CommitteeMemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=120)
    position: str = Field(..., min_length=1, max_length=255)
    agency: str = Field("", max_length=255)
    role: Literal["truong_ban", "pho_thuong_truc", "pho_truong_ban", "thanh_vien", "thuong_truc"]
    started_on: Day
    tasks: list[Id] = Field([], max_length=1000, description="id nhiệm vụ kế hoạch phụ trách")
    communes: list[str] = Field([], description="mã xã, phường phụ trách")


class CommitteeIn(Schema):
    unit: str
    name: str = Field(..., min_length=1, max_length=255)
    decision_number: str = Field(..., min_length=1, max_length=60)
    decision_date: Day
    members: list[CommitteeMemberIn] = Field([], max_length=200)


def _member(request, committee: Committee, body: CommitteeMemberIn) -> CommitteeMember:
    visible = Task.objects.for_user(request.auth, VIEW).filter(pk__in=body.tasks)
    tasks = list(visible.select_related("plan"))
    if len(tasks) != len(set(body.tasks)):
        raise Http404(_("Không tìm thấy nhiệm vụ được giao."))
    communes = [unit_from_code(request, code) for code in body.communes]
    return committee_member_add(
        by=request.auth,
        committee=committee,
        **body.dict(exclude={"tasks", "communes"}),
        tasks=tasks,
        communes=communes,
    )


@committees_router.get("", response=list[CommitteeOut], summary="Các ban chỉ đạo")
def list_committees(request, unit: str | None = None):
    rows = Committee.objects.for_user(request.auth, VIEW).select_related("unit")
    if unit:
        rows = rows.under(unit_from_code(request, unit))
    return list(rows[:500])


@committees_router.post("", response={201: CommitteeOut}, summary="Ghi một ban chỉ đạo")
def create_committee(request, body: CommitteeIn):
    unit = carried_unit_from_code(request, body.unit, day=body.decision_date)
    with transaction.atomic():
        committee = committee_create(
            by=request.auth,
            unit=unit,
            name=body.name,
            decision_number=body.decision_number,
            decision_date=body.decision_date,
        )
        for member in body.members:
            _member(request, committee, member)
    return Status(201, committee)


@committees_router.get("/{int:pk}", response=CommitteeOut, summary="Một ban chỉ đạo")
def get_committee(request, pk: Id):
    return get_for_user(Committee.objects.select_related("unit"), request.auth, VIEW, pk=pk)


@committees_router.post(
    "/{int:pk}/members", response={201: CommitteeMemberOut}, summary="Thêm thành viên"
)
def add_committee_member(request, pk: Id, body: CommitteeMemberIn):
    committee = get_for_user(Committee.objects.all(), request.auth, EDIT, pk=pk)
    return Status(201, _member(request, committee, body))
