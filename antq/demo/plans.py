"""Demo plans of Quảng Ninh: the 2022–2026 movement plan with seven key
tasks (one every year by 19/8, one every quarter), drafted and issued on the
People's Committee's register as 222/KH-UBND (its files made by a job), and
the police's 2026 annual plan, recorded with its number;
progress reported on the past occurrences, a few left overdue. Written
through the services (a few dozen rows), as the province officer would."""

import random
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from antq.accounts.access import SystemActor
from antq.demo.documents import load_demo_office_holders
from antq.plans.models import Occurrence, Plan
from antq.plans.services import (
    PlanInput,
    TaskInput,
    committee_create,
    committee_member_add,
    plan_create,
    plan_issue,
)
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
    by = SystemActor("demo")
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
    # the 2022–2026 plan drafted and issued on the register, keeping its number
    movement = plan_create(
        by=by,
        data=PlanInput(
            unit=province,
            number="",
            symbol="",
            date=date(2022, 3, 15),
            title="Thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2022–2026",
            first_year=2022,
            last_year=2026,
            kind=Plan.Kind.MULTI_YEAR,
            tasks=tasks,
            on_register=True,
            purpose="Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền các cấp, người đứng "
            "đầu cơ quan, đơn vị và quần chúng nhân dân trong phong trào Toàn dân bảo vệ an ninh "
            "Tổ quốc.\nXây dựng xã, phường, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn "
            "“An toàn về an ninh, trật tự”; nhân rộng các mô hình tự phòng, tự quản, tự bảo vệ.",
        ),
    )
    load_demo_office_holders(province)  # the chairman who signs it on its date
    plans = [
        plan_issue(by=by, plan=movement, day=date(2022, 3, 15), number=222),
        plan_create(
            by=by,
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
    _committee(by, province, plans[0], commune)
    progress(f"Kế hoạch mẫu: {len(plans)}, {past.count()} kỳ đã đến hạn, {len(done)} hoàn thành.")
    return len(plans)


def _committee(by: SystemActor, province: Unit, plan: Plan, commune: Unit) -> None:
    """The province's steering committee, whose head changed in 2026."""
    committee = committee_create(
        by=by,
        unit=province,
        name="Ban Chỉ đạo 138 tỉnh Quảng Ninh",
        decision_number="2150/QĐ-UBND",
        decision_date=date(2025, 7, 15),
    )
    tasks = list(plan.tasks.order_by("number"))
    members = [
        ("Nguyễn Văn Hải", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh", "truong_ban", date(2025, 7, 15)),
        ("Trần Quốc Tuấn", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh", "truong_ban", date(2026, 2, 1)),
        (
            "Lê Minh Đức",
            "Giám đốc Công an tỉnh",
            "Công an tỉnh",
            "pho_thuong_truc",
            date(2025, 7, 15),
        ),
        (
            "Phạm Thị Hương",
            "Chủ tịch Ủy ban MTTQ tỉnh",
            "Ủy ban MTTQ tỉnh",
            "pho_truong_ban",
            date(2025, 7, 15),
        ),
        ("Vũ Đình Nam", "Trưởng phòng Tham mưu", "Công an tỉnh", "thuong_truc", date(2025, 7, 15)),
    ]
    for index, (name, position, agency, role, started) in enumerate(members):
        committee_member_add(
            by=by,
            committee=committee,
            full_name=name,
            position=position,
            agency=agency,
            role=role,
            started_on=started,
            tasks=tasks[index : index + 2],
            communes=[commune] if role == "thuong_truc" else [],
        )
