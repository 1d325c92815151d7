"""`/api/v1/teams`: the Tổ bảo vệ an ninh, trật tự and their members. Members
are personal data: visible from the team's commune up, like the pages."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from antq.audit.services import audit_read
from antq.core.api import Day, Degrees, ErrorOut, Id, Offset, number_for
from antq.forces.models import Member, Team
from antq.forces.selectors import members_for, team_detail, teams_for
from antq.forces.services import MemberInput, member_add, team_create
from antq.units.codes import unit_from_code

router = Router(tags=["teams"])


class TeamOut(Schema):
    id: int
    unit: str
    unit_name: str
    name: str
    decision_number: str
    decision_date: dt.date | None
    decision_signer: str
    established_on: dt.date
    dissolved_on: dt.date | None
    latitude: Decimal | None = Field(None, description="trụ sở: độ Bắc (WGS84)")
    longitude: Decimal | None = Field(None, description="trụ sở: độ Đông (WGS84)")
    members: int
    version: int

    @staticmethod
    def resolve_unit(obj: Team) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Team) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_members(obj: Team) -> int:
        if hasattr(obj, "active_members"):
            return obj.active_members
        return obj.members.filter(ended_on__isnull=True).count()


class TeamIn(Schema):
    unit: str = Field(..., description="mã khu dân cư")
    established_on: Day
    name: str = Field("", max_length=255)
    decision_number: str = Field("", max_length=60)
    decision_date: Day | None = None
    decision_signer: str = Field("", max_length=120)
    note: str = Field("", max_length=2000)
    latitude: Degrees | None = Field(None, description="trụ sở: độ Bắc, 20.95123 hoặc “20,95123”")
    longitude: Degrees | None = Field(None, description="trụ sở: độ Đông, 107.05211")


class TeamFilters(Schema):
    unit: str | None = Field(None, description="mã đơn vị: các tổ của cả cây đơn vị đó")
    include_dissolved: bool = False
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class TeamPage(Schema):
    items: list[TeamOut]
    count: int


class MemberOut(Schema):
    id: int
    full_name: str
    birth_year: int
    gender: str
    role: str
    appointed_on: dt.date
    ended_on: dt.date | None
    service_since: dt.date | None
    allowance: Decimal
    trained: bool
    version: int


class MemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=120)
    birth_year: int = Field(..., ge=1900, le=2100)
    gender: Literal["male", "female"]
    role: Literal["to_truong", "to_pho", "to_vien"]
    appointed_on: Day
    ended_on: Day | None = None
    service_since: Day | None = None
    allowance: number_for(Member, "allowance") = Field(
        Decimal(0), ge=0, description="700000 hoặc “700.000”"
    )


@router.get("", response=TeamPage, summary="Các Tổ bảo vệ an ninh, trật tự")
def list_teams(request, filters: Query[TeamFilters]):
    root = unit_from_code(request, filters.unit) if filters.unit else None
    rows = teams_for(request.auth, root=root, active=not filters.include_dissolved)
    rows = rows.order_by("unit__path")
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"items": list(page), "count": rows.count()}


@router.post("", response={201: TeamOut}, summary="Thành lập tổ ở một khu dân cư")
def create_team(request, body: TeamIn):
    area = unit_from_code(request, body.unit, as_of=body.established_on)
    data = body.dict(exclude={"unit"})
    team = team_create(by=request.auth, unit=area, **data)
    return Status(201, team)


@router.get("/{int:pk}", response=TeamOut, summary="Một tổ")
def get_team(request, pk: Id):
    return team_detail(request.auth, pk)


@router.get("/{int:pk}/members", response=list[MemberOut], summary="Thành viên của tổ")
def list_members(request, pk: Id, include_ended: bool = False):
    team = team_detail(request.auth, pk)
    members = list(members_for(request.auth, team=team, active=not include_ended))
    audit_read(  # personal data: every reading is recorded, as on the page
        actor=request.auth,
        obj=team,
        what=_("Danh sách thành viên %(team)s") % {"team": team},
        unit_path=team.scope_path,
        count=len(members),
    )
    return members


@router.post(
    "/{int:pk}/members",
    response={201: MemberOut, 409: ErrorOut},
    summary="Công nhận thành viên",
)
def add_member(request, pk: Id, body: MemberIn):
    """Recognise a member; 409 with the team's state once it is dissolved."""
    team = team_detail(request.auth, pk)
    member = member_add(by=request.auth, team=team, data=MemberInput(**body.dict()))
    return Status(201, members_for(request.auth, team=team, active=False).get(pk=member.pk))
