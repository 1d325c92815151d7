"""Plans, tasks, recurrence and progress: the rules with their explanations."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.audit.models import AuditEntry
from antq.plans.models import Occurrence, Plan
from antq.plans.selectors import overdue_for, plan_progress, plans_for
from antq.plans.services import (
    PlanInput,
    TaskInput,
    expand,
    plan_create,
    progress_report,
    recurrence_label,
    recurrence_rule,
    task_update,
)


def plan_input(unit, tasks=(), **fields) -> PlanInput:
    values = {
        "number": "222",
        "symbol": "KH-UBND",
        "date": date(2022, 3, 10),
        "title": "Thực hiện phong trào giai đoạn 2022–2025",
        "first_year": 2022,
        "last_year": 2025,
        **fields,
    }
    return PlanInput(unit=unit, tasks=list(tasks), **values)


def test_recurrence_expands_within_the_plans_years_across_year_ends():
    festival = "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19"
    assert expand(deadline=None, recurrence=festival, first_year=2022, last_year=2025) == [
        date(2022, 8, 19),
        date(2023, 8, 19),
        date(2024, 8, 19),
        date(2025, 8, 19),
    ]
    quarters = expand(
        deadline=None,
        recurrence=recurrence_rule("quarterly", None),
        first_year=2025,
        last_year=2026,
    )
    assert quarters[3:5] == [date(2025, 12, 31), date(2026, 3, 31)]
    assert len(quarters) == 8
    # a month without a 31st has no occurrence, February 2024 has its 29th
    monthly = expand(
        deadline=None, recurrence="FREQ=MONTHLY;BYMONTHDAY=31", first_year=2024, last_year=2024
    )
    assert len(monthly) == 7 and date(2024, 12, 31) in monthly
    leap = expand(
        deadline=None,
        recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        first_year=2023,
        last_year=2028,
    )
    assert leap == [date(2024, 2, 29), date(2028, 2, 29)]
    assert expand(deadline=None, recurrence="", first_year=2022, last_year=2025) == [
        date(2025, 12, 31)
    ]
    assert recurrence_label(festival) == "Hằng năm, trước ngày 19/8"


def test_a_plan_with_a_recurring_task_is_registered_and_audited(tree, personas):
    plan = plan_create(
        by=personas.province_approver,
        data=plan_input(
            tree.province,
            [
                TaskInput(
                    1,
                    "Tổ chức Ngày hội 19/8",
                    tree.province,
                    recurrence="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19",
                ),
                TaskInput(2, "Sơ kết giữa kỳ", tree.commune_a, deadline=date(2023, 12, 31)),
            ],
        ),
    )
    dues = sorted(Occurrence.objects.filter(task__plan=plan).values_list("due", flat=True))
    assert len(dues) == 5 and dues[0] == date(2022, 8, 19)
    assert AuditEntry.objects.filter(object_type__in=["plans.plan", "plans.task"]).count() == 3


def test_bad_plans_are_explained_and_write_nothing(tree, personas):
    by = personas.province_approver
    with pytest.raises(ValidationError) as caught:
        plan_create(
            by=by,
            data=plan_input(
                tree.province,
                [
                    TaskInput(1, "Tổng kết", tree.province, deadline=date(2026, 12, 31)),
                    TaskInput(2, "Lặp sai", tree.province, recurrence="FREQ=SOMETIMES"),
                    TaskInput(3, "Ngoài địa bàn", tree.vinh_long, deadline=date(2024, 1, 1)),
                ],
            ),
        )
    errors = caught.value.message_dict
    assert errors["tasks.0.deadline"] == [
        "Thời hạn 31/12/2026 ngoài thời gian của kế hoạch (2022–2025)."
    ]
    assert errors["tasks.1.recurrence"][0].startswith(
        "Quy tắc lặp lại không hợp lệ: FREQ=SOMETIMES"
    )
    assert errors["tasks.2.lead"] == [
        "Tỉnh Vĩnh Long không thuộc địa bàn của đơn vị ban hành kế hoạch."
    ]
    plan_create(by=by, data=plan_input(tree.province))
    with pytest.raises(ValidationError) as caught:
        plan_create(by=by, data=plan_input(tree.province, date=date(2022, 9, 1)))
    assert caught.value.message_dict["number"] == [
        "Tỉnh Quảng Ninh đã có kế hoạch số 222/KH-UBND năm 2022."
    ]
    assert Plan.objects.count() == 1


def test_a_merged_provinces_plan_is_history_of_its_successor(tree, personas, merged_commune):
    from antq.accounts.models import Role
    from conftest import make_user

    vinh_long_officer = make_user("vl", Role.APPROVER, tree.vinh_long)
    plan = plan_create(
        by=vinh_long_officer,
        data=plan_input(tree.ben_tre, number="15", date=date(2023, 2, 1)),
    )
    assert plan.scope_path == tree.vinh_long.path
    assert list(plans_for(vinh_long_officer, root=tree.vinh_long)) == []
    assert list(plans_for(vinh_long_officer, root=tree.vinh_long, include_history=True)) == [plan]
    with pytest.raises(ValidationError):  # Bến Tre no longer exists in 2026
        plan_create(
            by=vinh_long_officer,
            data=plan_input(tree.ben_tre, date=date(2026, 1, 5), first_year=2026, last_year=2026),
        )


def test_the_lead_reports_progress_and_overdue_stands_out(tree, personas):
    plan = plan_create(
        by=personas.province_approver,
        data=plan_input(
            tree.province,
            [
                TaskInput(
                    1, "Ngày hội", tree.commune_a, recurrence="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19"
                ),
            ],
        ),
    )
    first = Occurrence.objects.filter(task__plan=plan).order_by("due").first()
    with pytest.raises(ValidationError) as caught:
        progress_report(by=personas.officer_a, occurrence=first, status="done", percent=80)
    assert caught.value.message_dict["percent"] == ["Nhiệm vụ hoàn thành thì tỷ lệ là 100 %."]
    with pytest.raises(Refused):
        progress_report(by=personas.officer_b, occurrence=first, status="done", percent=100)
    progress_report(
        by=personas.officer_a,
        occurrence=first,
        status="done",
        percent=100,
        narrative="Tổ chức tại 2 khu dân cư",
    )
    overdue = list(overdue_for(personas.officer_a, today=date(2026, 1, 1)))
    assert [o.due for o in overdue] == [date(2023, 8, 19), date(2024, 8, 19), date(2025, 8, 19)]
    assert not overdue_for(personas.officer_b, today=date(2026, 1, 1)).exists()
    by_year = {p.label: (p.done, p.overdue) for p in plan_progress(plan, date(2026, 1, 1))["year"]}
    assert by_year == {"2022": (1, 0), "2023": (0, 1), "2024": (0, 1), "2025": (0, 1)}


def test_editing_a_task_keeps_the_occurrences_reported_on(tree, personas):
    plan = plan_create(
        by=personas.province_approver,
        data=plan_input(
            tree.province,
            [
                TaskInput(
                    1, "Ngày hội", tree.commune_a, recurrence="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19"
                ),
            ],
        ),
    )
    task = plan.tasks.get()
    reported = task.occurrences.order_by("due").first()
    progress_report(by=personas.officer_a, occurrence=reported, status="in_progress", percent=50)
    task_update(
        by=personas.province_approver,
        task=task,
        data=TaskInput(
            1, "Ngày hội", tree.commune_a, recurrence="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"
        ),
    )
    dues = sorted(task.occurrences.values_list("due", flat=True))
    assert date(2022, 8, 19) in dues and date(2023, 8, 15) in dues and date(2023, 8, 19) not in dues
