"""Demo grassroots force: a Tổ bảo vệ an ninh, trật tự in every demo
residential area of Quảng Ninh (set up when the area was, 01/07/2025), three
to five members each with their training, the province's size rule by
household band, and the 2025 rating of one commune. Loaded in bulk, one
audit entry."""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from antq.accounts.access import SystemActor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.vietnamese import fold
from antq.forces.models import Member, Role, SizeRule, Team, Training
from antq.units.models import Unit
from antq.units.placement import place

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = {"male": ["Văn", "Đức", "Quang", "Minh"], "female": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {
    "male": ["Hùng", "Dũng", "Tâm", "Long", "Thắng", "Sơn", "Hải", "Tuấn", "Cường", "Nam"],
    "female": ["Lan", "Hoa", "Hương", "Mai", "Hạnh", "Thủy", "Yến", "Nga"],
}
# Households of the area → members of its team (a provincial decision's shape).
SIZE_RULES = [(0, 300, 3, 4), (300, 600, 4, 5), (600, None, 5, 6)]
ALLOWANCE = {Role.LEADER: 1_300_000, Role.DEPUTY: 1_000_000, Role.MEMBER: 700_000}
COURSES = [
    "Bồi dưỡng kiến thức pháp luật, nghiệp vụ cho Tổ bảo vệ ANTT",
    "Huấn luyện kỹ năng phòng cháy, chữa cháy, cứu nạn, cứu hộ",
]


def _name(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


def _size(households: int | None) -> tuple[int, int]:
    for low, high, smallest, largest in SIZE_RULES:
        if (households or 0) >= low and (high is None or (households or 0) < high):
            return smallest, largest
    return 3, 4


@transaction.atomic
def load_demo_forces(province: Unit, progress: Callable[[str], None] = lambda message: None) -> int:
    """Idempotent: does nothing once the province has teams."""
    if Team.objects.filter(restated_province=province).exists():
        return 0
    for low, high, smallest, largest in SIZE_RULES:
        SizeRule.objects.get_or_create(
            province=province,
            min_households=low,
            defaults={
                "max_households": high,
                "min_members": smallest,
                "max_members": largest,
                "basis": "Quyết định của UBND tỉnh (dữ liệu mẫu)",
            },
        )
    areas = list(
        Unit.objects.subtree(province)
        .filter(type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True, is_demo=True)
        .order_by("path")
    )
    teams, places = [], {}
    for area in areas:
        commune_id = area.parent_id
        if commune_id not in places:  # the areas of a commune are placed alike
            places[commune_id] = place(Team(unit=area))
        established = area.valid_from or date(2025, 7, 1)
        teams.append(
            Team(
                unit=area,
                name=f"Tổ bảo vệ an ninh, trật tự {area.name}",
                decision_number=f"{random.Random(area.code).randint(100, 999)}/QĐ-UBND",
                decision_date=established - timedelta(days=5),
                decision_signer="Chủ tịch UBND",
                established_on=established,
                **places[commune_id],
            )
        )
    Team.objects.bulk_create(teams, batch_size=500)
    members, plans = [], []
    for team, area in zip(teams, areas, strict=True):
        rng = random.Random(f"team-{area.code}")
        smallest, largest = _size(area.households)
        # a few teams are short of the rule, so the checks page has work
        count = smallest - 1 if rng.random() < 0.08 else rng.randint(smallest, largest)
        roles = [Role.LEADER, Role.DEPUTY] + [Role.MEMBER] * (count - 2)
        for role in roles:
            gender = "female" if rng.random() < 0.2 else "male"
            veteran = rng.random() < 0.25
            since = date(rng.randint(2004, 2018), rng.randint(1, 12), 1) if veteran else None
            name = _name(rng, gender)
            members.append(
                Member(
                    team=team,
                    full_name=name,
                    name_folded=fold(name),
                    birth_year=rng.randint(1965, 1998),
                    gender=gender,
                    role=role,
                    appointed_on=team.established_on,
                    service_since=since,
                    allowance=Decimal(ALLOWANCE[role]),
                )
            )
            plans.append(rng.random() < 0.85)
    Member.objects.bulk_create(members, batch_size=1000)
    trainings = []
    for member, trained in zip(members, plans, strict=True):
        if trained:
            rng = random.Random(f"training-{member.pk}")
            start = date(2025, rng.choice([8, 9, 10]), rng.randint(1, 25))
            trainings.append(
                Training(
                    member=member,
                    course=rng.choice(COURSES),
                    start=start,
                    end=start + timedelta(days=2),
                    result=rng.choice(["passed", "passed", "good"]),
                )
            )
    Training.objects.bulk_create(trainings, batch_size=1000)
    audit_record(
        actor=SystemActor("demo"),
        action=AuditEntry.Action.IMPORT,
        object_type="forces.team",
        object_repr="Dữ liệu mẫu",
        unit_path=province.path,
        after={"teams": len(teams), "members": len(members), "trainings": len(trainings)},
        note="Dữ liệu mẫu",
    )
    progress(f"Tổ bảo vệ ANTT mẫu: {len(teams)} tổ, {len(members)} thành viên.")
    return len(teams)
