"""Demo plans of Quảng Ninh: the 2022–2026 movement plan with seven key
tasks (one every year by 19/8, one every quarter), and the 2026 annual plan;
progress reported on the past occurrences, a few left overdue. Written
through the services (a few dozen rows), as the province officer would."""

import random
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from antq.plans.models import Occurrence, Plan
from antq.plans.services import PlanInput, TaskInput, plan_create
from antq.units.models import Unit

TASKS = [
    ("Quán triệt, triển khai các văn bản chỉ đạo về phong trào Toàn dân bảo vệ ANTQ", None, ""),
    (
        "Tổ chức Ngày hội Toàn dân bảo vệ ANTQ ở 100 % xã, phường",
        None,
        "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19",
    ),
    ("Xây dựng, nhân rộng các mô hình tự phòng, tự quản, tự bảo vệ", "commune", ""),
    ("Củng cố, kiện toàn Tổ bảo vệ an ninh, trật tự ở cơ sở", "commune", ""),
    (
        "Báo cáo kết quả thực hiện phong trào hằng quý",
        None,
        "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    ),
    ("Tuyên truyền phòng, chống tội phạm công nghệ cao", "commune", ""),
    ("Sơ kết, tổng kết, khen thưởng phong trào", None, ""),
]


@transaction.atomic
def load_demo_plans(province: Unit, progress: Callable[[str], None] = lambda message: None) -> int:
    """Idempotent: does nothing once the province has plans."""
    if Plan.objects.filter(unit=province).exists():
        return 0
    commune = (
        Unit.objects.filter(parent=province, type=Unit.Type.COMMUNE, valid_to__isnull=True)
        .order_by("code")
        .first()
    )
    tasks = [
        TaskInput(
            number=number,
            text=text,
            lead=commune if lead == "commune" else province,
            deadline=date(2026, 12, 31) if number == 7 else None,
            recurrence=rule,
        )
        for number, (text, lead, rule) in enumerate(TASKS, start=1)
    ]
    plans = [
        plan_create(
            by=None,
            data=PlanInput(
                unit=province,
                number="222",
                symbol="KH-UBND",
                date=date(2022, 3, 15),
                title="Thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2022–2026",
                first_year=2022,
                last_year=2026,
                kind=Plan.Kind.MULTI_YEAR,
                tasks=tasks,
            ),
        ),
        plan_create(
            by=None,
            data=PlanInput(
                unit=province,
                number="18",
                symbol="KH-CAT",
                date=date(2026, 1, 20),
                title="Công tác xây dựng phong trào Toàn dân bảo vệ ANTQ năm 2026",
                first_year=2026,
                last_year=2026,
                kind=Plan.Kind.ANNUAL,
                tasks=[
                    TaskInput(
                        1, "Tổ chức Ngày hội 19/8 năm 2026", province, deadline=date(2026, 8, 19)
                    )
                ],
            ),
        ),
    ]
    today = timezone.localdate()
    rng = random.Random("plans")
    past = Occurrence.objects.filter(task__plan__in=plans, due__lt=today)
    done = [o for o in past if rng.random() < 0.85]
    for occurrence in done:
        occurrence.status, occurrence.percent = Occurrence.Status.DONE, 100
        occurrence.narrative = "Đã thực hiện theo kế hoạch."
    Occurrence.objects.bulk_update(done, ["status", "percent", "narrative"])
    progress(f"Kế hoạch mẫu: {len(plans)}, {past.count()} kỳ đã đến hạn, {len(done)} hoàn thành.")
    return len(plans)
