"""Demo data: Quảng Ninh with its real communes, synthetic units below them
(every one marked as demo data) and one account per persona.

Idempotent: a second run adds nothing. Synthetic names are drawn from a fixed
seed so every machine shows the same demo.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from antq.accounts.models import Assignment, Role, User
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.actors import SystemActor
from antq.demo.activities import load_demo_activities
from antq.demo.assessments import load_demo_assessments
from antq.demo.awards import load_demo_awards
from antq.demo.community import load_demo_community
from antq.demo.documents import load_demo_office_holders
from antq.demo.forces import load_demo_forces
from antq.demo.maps import load_demo_locations
from antq.demo.plans import load_demo_plans
from antq.demo.reports import load_demo_reports
from antq.demo.statistics import load_demo_statistics
from antq.reminders.models import Notification
from antq.reminders.services import reminders_send
from antq.units.loaders import load_units
from antq.units.models import REFORM_2025_OPEN, Unit
from antq.units.services import unit_create

DEMO_PROVINCE_CODE = "22"  # Quảng Ninh, unchanged by the 2025 reform
COMMUNE_A_CODE = "06688"  # Phường Hạ Long
COMMUNE_B_CODE = "06673"  # Phường Bãi Cháy
DEMO_PASSWORD = "antq-demo-2026"
DEMO = SystemActor("demo")  # who writes the demo data in the audit log

AREA_NAMES = [
    "Đồng Tâm",
    "Tân Lập",
    "Hòa Bình",
    "Quyết Thắng",
    "Đoàn Kết",
    "Thống Nhất",
    "Bình Minh",
    "Tiến Bộ",
    "Hợp Thành",
    "Phú Hải",
    "Nam Sơn",
    "Bắc Sơn",
    "Trung Tâm",
    "Đông Hải",
    "Tây Sơn",
    "Hải Yến",
    "Vườn Đào",
    "Cái Rồng",
    "Làng Mới",
    "Khe Cát",
]
ENTERPRISE_TRADES = ["Thương mại", "Xây dựng", "Thủy sản", "Du lịch", "Vận tải biển"]


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    position: str
    role: str
    unit_code: str
    superuser: bool = False


PERSONAS = [
    Persona(
        "quantri",
        "Quản trị hệ thống",
        "Quản trị hệ thống",
        Role.SYSTEM_ADMIN,
        DEMO_PROVINCE_CODE,
        superuser=True,
    ),
    Persona(
        "tinh.quantri",
        "Lê Thị Quản Trị",
        "Cán bộ Phòng Tham mưu",
        Role.UNIT_ADMIN,
        DEMO_PROVINCE_CODE,
    ),
    Persona(
        "tinh.duyet",
        "Trần Văn Duyệt",
        "Cán bộ Phòng Xây dựng phong trào",
        Role.APPROVER,
        DEMO_PROVINCE_CODE,
    ),
    Persona("xa.a", "Nguyễn Văn An", "Công an phường Hạ Long", Role.APPROVER, COMMUNE_A_CODE),
    Persona("xa.b", "Phạm Thị Bình", "Công an phường Bãi Cháy", Role.APPROVER, COMMUNE_B_CODE),
    Persona("xem", "Hoàng Văn Xem", "Lãnh đạo theo dõi", Role.VIEWER, DEMO_PROVINCE_CODE),
]


def _area_kind(commune: Unit) -> tuple[str, str]:
    if commune.kind == Unit.Kind.PHUONG:
        return Unit.Kind.KHU_PHO, "Khu phố"
    return Unit.Kind.THON, "Thôn"


def _commune_units(commune: Unit, rng: random.Random) -> list[dict]:
    kind, prefix = _area_kind(commune)
    short = commune.short_name
    names = rng.sample(AREA_NAMES, rng.randint(6, 10))
    units = [
        dict(
            type=Unit.Type.RESIDENTIAL_AREA,
            kind=kind,
            name=f"{prefix} {name}",
            households=rng.randint(120, 650),
        )
        for name in names
    ]
    for unit in units:
        unit["population"] = unit["households"] * rng.randint(3, 5)
    units += [
        dict(type=Unit.Type.AGENCY, kind=Unit.Kind.DON_VI_SU_NGHIEP, name=f"Trạm Y tế {short}"),
        dict(type=Unit.Type.SCHOOL, kind=Unit.Kind.TRUONG_THCS, name=f"Trường THCS {short}"),
    ]
    if rng.random() < 0.6:
        trade = rng.choice(ENTERPRISE_TRADES)
        units.append(
            dict(
                type=Unit.Type.ENTERPRISE,
                kind=Unit.Kind.DOANH_NGHIEP,
                name=f"Công ty TNHH {trade} {short}",
            )
        )
    return units


PROVINCE_UNITS = [
    dict(type=Unit.Type.SCHOOL, kind=Unit.Kind.TRUONG_THPT, name="Trường THPT Chuyên Hạ Long"),
    dict(type=Unit.Type.AGENCY, kind=Unit.Kind.CO_QUAN, name="Sở Giáo dục và Đào tạo"),
    dict(
        type=Unit.Type.ENTERPRISE, kind=Unit.Kind.DOANH_NGHIEP_NHA_NUOC, name="Công ty Than Hạ Long"
    ),
]


@transaction.atomic
def load_demo(progress: Callable[[str], None] = lambda message: None) -> dict[str, int]:
    """Load units (if missing), the demo units of Quảng Ninh and the persona accounts."""
    if not Unit.objects.filter(code=DEMO_PROVINCE_CODE, type=Unit.Type.PROVINCE).exists():
        load_units(progress)
    province = Unit.objects.get(
        code=DEMO_PROVINCE_CODE, type=Unit.Type.PROVINCE, valid_to__isnull=True
    )
    created = 0
    if not province.children.filter(is_demo=True).exists():
        created += _create_demo_units(province, PROVINCE_UNITS)
    communes = province.children.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True)
    for commune in communes.order_by("code"):
        if not commune.children.filter(is_demo=True).exists():
            units = _commune_units(commune, random.Random(commune.code))
            created += _create_demo_units(commune, units)
    progress(f"Đơn vị mẫu: thêm {created}.")
    users = _load_personas()
    progress(f"Tài khoản mẫu: thêm {users}.")
    _refresh_statistics()
    commune_a = Unit.objects.get(code=COMMUNE_A_CODE, valid_to__isnull=True)
    progress(f"Người ký văn bản: thêm {load_demo_office_holders(province)}.")
    load_demo_assessments(province, commune_a, {COMMUNE_A_CODE, COMMUNE_B_CODE}, progress)
    load_demo_statistics(province, commune_a, progress)
    load_demo_activities(province, progress)
    load_demo_forces(province, progress)
    load_demo_community(province, progress)
    load_demo_plans(province, progress)
    load_demo_awards(province, progress)
    load_demo_locations(province, progress)
    load_demo_reports(province, commune_a, progress)
    sent = _replay_reminders(days=14)
    progress(f"Nhắc việc 14 ngày qua: {sent} thông báo.")
    return {"units": created, "users": users}


def _replay_reminders(days: int) -> int:
    """The daily job as if it had run at 06:00 on each of the last `days` days,
    so the bell has a history dated when each reminder would have come."""
    today, sent = timezone.localdate(), 0
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        newest = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        sent += reminders_send(today=day)["notifications"]
        at = timezone.make_aware(datetime.combine(day, time(6)))
        Notification.objects.filter(pk__gt=newest).update(created_at=at)
    return sent


def _refresh_statistics() -> None:
    """PostgreSQL plans from table statistics; after bulk loads inside this one
    transaction they still describe empty tables, so refresh them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _create_demo_units(parent: Unit, units: list[dict]) -> int:
    for values in units:
        unit_create(
            parent=parent,
            by=DEMO,
            is_demo=True,
            valid_from=REFORM_2025_OPEN,
            note="Dữ liệu mẫu",
            **values,
        )
    return len(units)


def _load_personas() -> int:
    created = 0
    for persona in PERSONAS:
        if User.objects.filter(username=persona.username).exists():
            continue
        unit = Unit.objects.get(code=persona.unit_code, valid_to__isnull=True)
        user = User(
            username=persona.username,
            full_name=persona.full_name,
            position=persona.position,
            is_staff=persona.superuser,
            is_superuser=persona.superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        Assignment.objects.create(user=user, role=persona.role, unit=unit)
        audit_record(
            actor=DEMO,
            action=AuditEntry.Action.CREATE,
            obj=user,
            unit_path=unit.path,
            after={"username": user.username, "role": persona.role, "unit": unit.code},
            note="Dữ liệu mẫu",
        )
        created += 1
    return created
