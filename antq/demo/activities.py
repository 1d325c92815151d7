"""Demo activities: a year and a half of the movement's work in Quảng Ninh.

Each commune holds outreach sessions, thematic sessions, patrols and a
review conference; every August its residential areas hold the 19/8
festival. Months before 01/07/2025 belong to the communes of that time (now
closed). Loaded in bulk (one INSERT per table), with one audit entry."""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from antq.activities.catalogue import load as load_configuration
from antq.activities.models import (
    Activity,
    ActivityKind,
    ActivityOutput,
    FestivalPlan,
    FestivalSite,
    OutputKind,
    ThreatCategory,
)
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.actors import SystemActor
from antq.core.vietnamese import fold
from antq.units.models import Unit
from antq.units.placement import unit_place

TOPICS = {
    "tuyen_truyen": [
        ("Tuyên truyền phòng, chống lừa đảo qua mạng", ["lua_dao_mang", "cong_nghe_cao"]),
        ("Tuyên truyền phòng, chống ma túy trong thanh thiếu niên", ["ma_tuy"]),
        ("Tuyên truyền phòng, chống tín dụng đen", ["tin_dung_den"]),
        ("Tuyên truyền bảo đảm trật tự an toàn giao thông", ["giao_thong"]),
        ("Tuyên truyền phòng cháy, chữa cháy tại khu dân cư", ["phong_chay"]),
    ],
    "sinh_hoat_chuyen_de": [
        ("Sinh hoạt chuyên đề: nhận diện thủ đoạn lừa đảo công nghệ cao", ["cong_nghe_cao"]),
        ("Sinh hoạt chuyên đề: phòng, chống bạo lực gia đình", ["bao_luc_gia_dinh"]),
    ],
    "phi_truyen_thong": [
        ("Ứng phó bão, lũ và bảo vệ tài sản của Nhân dân", ["thien_tai", "bien_doi_khi_hau"]),
        ("Phòng, chống dịch bệnh tại khu dân cư", ["dich_benh"]),
        ("Vệ sinh môi trường, xử lý rác thải", ["moi_truong"]),
    ],
    "ra_quan": [("Ra quân tuần tra, kiểm soát địa bàn", [])],
    "ky_cam_ket": [("Ký cam kết không vi phạm pháp luật về pháo nổ", [])],
    "tap_huan": [("Tập huấn nghiệp vụ cho Tổ bảo vệ an ninh, trật tự", [])],
}
CHAIRS = [("Trần Văn Bình", "Chủ tịch UBND"), ("Lê Thị Hoa", "Phó Chủ tịch UBND")]
PRESENTERS = [
    ("Nguyễn Văn An", "Trưởng Công an"),
    ("Phạm Thị Lan", "Phó Trưởng Công an"),
    ("Hoàng Văn Đức", "Cán bộ Công an"),
]


def _months(today: date) -> list[date]:
    """From January two years back to last month: the earliest whole year of
    the demo has a whole year before it to be compared with."""
    months, month = [], date(today.year - 2, 1, 1)
    while month < today.replace(day=1):
        months.append(month)
        month = (month + timedelta(days=31)).replace(day=1)
    return months


def _communes(province: Unit, day: date) -> list[Unit]:
    return list(
        Unit.objects.subtree(province).filter(type=Unit.Type.COMMUNE).valid_on(day).order_by("code")
    )


@transaction.atomic
def load_demo_activities(
    province: Unit, progress: Callable[[str], None] = lambda message: None
) -> int:
    """Idempotent: does nothing once the province has activities."""
    if Activity.objects.filter(unit__path__prefix=province.path).exists():
        return 0
    load_configuration()
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    outputs = {k.code: k for k in OutputKind.objects.all()}
    categories = {c.code: c for c in ThreatCategory.objects.all()}
    places: dict[int, dict] = {}
    activities: list[Activity] = []
    planned_outputs: list[dict[str, int]] = []
    planned_categories: list[list[str]] = []
    today = timezone.localdate()

    def add(unit, kind, title, day, cats, counts, rng, **extra):
        if unit.pk not in places:
            places[unit.pk] = unit_place(unit)
        chair = rng.choice(CHAIRS)
        presenter = rng.choice(PRESENTERS)
        attendance = rng.randint(30, 250)
        activity = Activity(
            unit=unit,
            kind=kinds[kind],
            title=title,
            date=day,
            host=extra.get("host", f"Công an {unit.name}" if unit.type == "commune" else ""),
            presenter_name=presenter[0],
            presenter_position=presenter[1],
            chair_name=chair[0],
            chair_position=chair[1],
            attendance=attendance,
            is_public=extra.get("is_public", False),
            search_text=fold(f"{title} {unit.name}"),
            **places[unit.pk],
        )
        activities.append(activity)
        planned_outputs.append(counts)
        planned_categories.append(cats)

    for month in _months(today):
        for commune in _communes(province, month):
            rng = random.Random(f"activities-{commune.code}-{month:%Y%m}")
            last_day = min(today, (month + timedelta(days=31)).replace(day=1) - timedelta(days=1))
            span = (last_day - month).days + 1

            def some_day(rng=rng, span=span, month=month):
                return month + timedelta(days=rng.randrange(span))

            # the communes before 2025 were three times as many and as small
            routine = 1 if commune.is_open else 1 / 3
            for _ in range(rng.randint(1, 3) if rng.random() < routine else 0):
                title, cats = rng.choice(TOPICS["tuyen_truyen"])
                counts = {
                    "tin_bai": rng.randint(0, 3),
                    "bai_mang": rng.randint(0, 5),
                    "phat_thanh": rng.randint(2, 12),
                    "to_roi": rng.choice([0, 100, 200, 500]),
                    "bang_ron": rng.randint(0, 4),
                }
                add(commune, "tuyen_truyen", title, some_day(), cats, counts, rng)
            for kind in ("sinh_hoat_chuyen_de", "phi_truyen_thong", "ra_quan"):
                if rng.random() < 0.45 * routine:
                    title, cats = rng.choice(TOPICS[kind])
                    add(commune, kind, title, some_day(), cats, {"tin_bai": rng.randint(0, 1)}, rng)
            if month.month in (6, 12):
                title = "Hội nghị sơ kết phong trào" if month.month == 6 else "Hội nghị tổng kết"
                add(commune, "hoi_nghi", title, some_day(), [], {"tin_bai": 1}, rng)
            if month.month == 8:
                # before 2025 at the commune itself (its areas now belong to today's)
                hosts = list(
                    commune.children.filter(
                        type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True
                    ).order_by("code")[:2]
                    if commune.is_open
                    else [commune]
                )
                for area in hosts:
                    add(
                        area,
                        "ngay_hoi",
                        f"Ngày hội Toàn dân bảo vệ an ninh Tổ quốc tại {area.name}",
                        date(month.year, 8, rng.randint(5, 19)),
                        [],
                        {"tin_bai": 1, "bang_ron": 2},
                        rng,
                        host="Ban Công tác Mặt trận",
                        is_public=True,
                    )
    Activity.objects.bulk_create(activities, batch_size=500)
    ActivityOutput.objects.bulk_create(
        [
            ActivityOutput(activity=activity, kind=outputs[code], count=count)
            for activity, counts in zip(activities, planned_outputs, strict=True)
            for code, count in counts.items()
            if count
        ],
        batch_size=1000,
    )
    through = Activity.categories.through
    through.objects.bulk_create(
        [
            through(activity_id=activity.pk, threatcategory_id=categories[code].pk)
            for activity, codes in zip(activities, planned_categories, strict=True)
            for code in codes
        ],
        batch_size=1000,
    )
    festival_sites = _festival_plans(province, [a for a in activities if a.kind.code == "ngay_hoi"])
    audit_record(
        actor=SystemActor("demo"),
        action=AuditEntry.Action.IMPORT,
        object_type="activities.activity",
        object_repr="Dữ liệu mẫu",
        unit_path=province.path,
        after={"activities": len(activities), "festival_sites": festival_sites},
        note="Dữ liệu mẫu",
    )
    progress(f"Hoạt động mẫu: {len(activities)}.")
    return len(activities)


def _festival_plans(province: Unit, festivals: list[Activity]) -> int:
    """The province's festival plan of each demo year, its sites being where
    the festival was held (linked to those activities)."""
    sites = []
    for year in sorted({a.date.year for a in festivals}):
        plan, _created = FestivalPlan.objects.get_or_create(
            province=province,
            year=year,
            defaults={
                "window_start": date(year, 7, 1),
                "window_end": date(year, 8, 19),
                "sites_per_commune": 2,
            },
        )
        for activity in (a for a in festivals if a.date.year == year):
            sites.append(
                FestivalSite(
                    plan=plan,
                    unit=activity.unit,
                    planned_on=activity.date,
                    activity=activity,
                    published_province_id=activity.published_province_id,
                    published_commune_id=activity.published_commune_id,
                    restated_province_id=activity.restated_province_id,
                    restated_commune_id=activity.restated_commune_id,
                    scope_path=activity.scope_path,
                )
            )
    FestivalSite.objects.bulk_create(sites, batch_size=500)
    return len(sites)
