"""Demo self-management models and exemplary examples for Quảng Ninh: each
commune registers two or three models from the typical ones (cameras,
alarm bells, household groups, patrols…), running in some of its
residential areas, replicated from the first; evaluations for 2025; a few
recognised as exemplary; exemplary collectives and individuals per commune.
Loaded in bulk, one audit entry."""

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from antq.accounts.access import SystemActor
from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.community.catalogue import load as load_configuration
from antq.community.models import CommunityModel, Evaluation, Example, ModelCategory, Site
from antq.core.vietnamese import fold
from antq.units.models import Unit
from antq.units.placement import place

# name, category code, lead organisation
TYPICAL = [
    ("Camera an ninh", "cong_nghe", "cong_an"),
    ("Tiếng kẻng an ninh", "cong_nghe", "chinh_quyen"),
    ("Tổ liên gia tự quản về an ninh, trật tự", "lien_gia", "mat_tran"),
    ("Khu dân cư tự quản về an ninh, trật tự và vệ sinh môi trường", "khu_dan_cu", "mat_tran"),
    ("Khu dân cư không có ma túy", "phong_chong_toi_pham", "cong_an"),
    ("Tổ tuần tra nhân dân", "tuan_tra", "cong_an"),
    ("Tổ liên gia an toàn phòng cháy, chữa cháy", "phong_chay", "cong_an"),
    ("Câu lạc bộ phụ nữ với pháp luật", "doan_the", "phu_nu"),
    ("Tuổi trẻ phòng, chống tội phạm", "doan_the", "thanh_nien"),
    ("Tổ cựu chiến binh tự quản về an ninh, trật tự", "doan_the", "cuu_chien_binh"),
    ("Tổ hòa giải ở cơ sở", "hoa_giai", "mat_tran"),
    ("Trường học an toàn", "co_quan_truong_hoc", "truong_hoc"),
]
ACHIEVEMENTS = [
    "Ba năm liền không có tội phạm và tệ nạn xã hội",
    "Duy trì hiệu quả mô hình camera an ninh, góp phần giảm các vụ trộm cắp",
    "Phát hiện, cung cấp nhiều tin báo có giá trị cho Công an",
    "Tích cực tham gia hòa giải thành các mâu thuẫn ở khu dân cư",
]
POSITIONS = [
    "Tổ trưởng Tổ bảo vệ an ninh, trật tự",
    "Chi hội trưởng Phụ nữ khu phố",
    "Trưởng ban công tác Mặt trận khu dân cư",
    "Tổ viên Tổ bảo vệ an ninh, trật tự",
    "Bí thư Chi đoàn khu phố",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = {"m": ["Văn", "Đức", "Minh", "Quang", "Hữu"], "f": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {
    "m": ["Thành", "Bình", "Hùng", "Dũng", "Tuấn", "Long", "Hải", "Sơn", "Cường", "Khánh"],
    "f": ["Hoa", "Lan", "Hương", "Mai", "Hằng", "Thảo", "Nga", "Yến", "Linh"],
}


def person(index: int) -> tuple[str, str]:
    """The `index`-th person of the demo: a name and a position, no two alike
    among the first hundreds (a reader notices six identical recipients)."""
    sex = "f" if index % 3 == 1 else "m"
    family = FAMILY[index % len(FAMILY)]
    given = GIVEN[sex][(index % len(FAMILY) * 3 + index // len(FAMILY)) % len(GIVEN[sex])]
    middle = MIDDLE[sex][(index // (len(FAMILY) * len(GIVEN[sex]))) % len(MIDDLE[sex])]
    return f"{family} {middle} {given}", POSITIONS[index % len(POSITIONS)]


@transaction.atomic
def load_demo_community(
    province: Unit, progress: Callable[[str], None] = lambda message: None
) -> int:
    """Idempotent: does nothing once the province has models."""
    if CommunityModel.objects.filter(restated_province=province).exists():
        return 0
    load_configuration()
    categories = {c.code: c for c in ModelCategory.objects.all()}
    communes = list(
        Unit.objects.filter(
            parent=province, type=Unit.Type.COMMUNE, valid_to__isnull=True
        ).order_by("code")
    )
    models, planned_sites, examples = [], [], []
    for commune in communes:
        rng = random.Random(f"models-{commune.code}")
        placed = place(CommunityModel(unit=commune))  # the commune's models are placed alike
        areas = list(
            commune.children.filter(
                type=Unit.Type.RESIDENTIAL_AREA, valid_to__isnull=True
            ).order_by("code")
        )
        for name, category, lead in rng.sample(TYPICAL, 3):
            started = date(2025, 7, 1) + timedelta(days=rng.randint(0, 120))
            model = CommunityModel(
                unit=commune,
                name=name,
                name_folded=fold(name),
                category=categories[category],
                lead_organisation=lead,
                description="",
                started_on=started,
                exemplary_year=2025 if rng.random() < 0.1 else None,
                **placed,
            )
            models.append(model)
            chosen = rng.sample(areas, min(len(areas), rng.randint(1, 4)))
            planned_sites.append(
                [(area, started + timedelta(days=30 * i), rng) for i, area in enumerate(chosen)]
            )
        for i, area in enumerate(areas[:2]):
            example = Example(
                kind=Example.Kind.COLLECTIVE,
                unit=area,
                achievement=ACHIEVEMENTS[(i + len(examples)) % len(ACHIEVEMENTS)],
                year=2025,
            )
            place(example)
            examples.append(example)
        name, position = person(sum(e.kind == Example.Kind.INDIVIDUAL for e in examples))
        if areas:
            example = Example(
                kind=Example.Kind.INDIVIDUAL,
                unit=areas[0],
                person_name=name,
                position=position,
                achievement=ACHIEVEMENTS[2],
                year=2025,
            )
            place(example)
            examples.append(example)
    CommunityModel.objects.bulk_create(models, batch_size=500)
    sites, origins = [], []
    for model, plan in zip(models, planned_sites, strict=True):
        for index, (area, started, rng) in enumerate(plan):
            site = Site(
                model=model,
                unit=area,
                started_on=min(started, date(2026, 10, 31)),
                groups=rng.randint(1, 6),
                participants=rng.randint(20, 180),
            )
            place(site)
            sites.append(site)
            origins.append(index > 0)
    Site.objects.bulk_create(sites, batch_size=500)
    # replicas remember the model's first site
    first_site = {}
    for site in sites:
        first_site.setdefault(site.model_id, site)
    replicas = [s for s, is_replica in zip(sites, origins, strict=True) if is_replica]
    for site in replicas:
        site.origin = first_site[site.model_id]
    Site.objects.bulk_update(replicas, ["origin"], batch_size=500)
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                site=site,
                year=2025,
                result=random.Random(site.pk).choice(["effective", "effective", "partly"]),
            )
            for site in sites
            if site.started_on.year == 2025
        ],
        batch_size=1000,
    )
    Example.objects.bulk_create(examples, batch_size=500)
    audit_record(
        actor=SystemActor("demo"),
        action=AuditEntry.Action.IMPORT,
        object_type="community.communitymodel",
        object_repr="Dữ liệu mẫu",
        unit_path=province.path,
        after={"models": len(models), "sites": len(sites), "examples": len(examples)},
        note="Dữ liệu mẫu",
    )
    progress(f"Mô hình mẫu: {len(models)} mô hình, {len(sites)} điểm, {len(examples)} điển hình.")
    return len(models)
