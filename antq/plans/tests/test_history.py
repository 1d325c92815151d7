"""Plan 222/KH-UBND of Bình Phước (28/07/2022, 2022–2025, 7 key tasks, the
19/8 festival yearly), entered by today's Đồng Nai as a province would
(through the API and through the page): its tasks are led by the units of
2022, it reads back under Bình Phước as published and under Đồng Nai
restated, and its occurrences are history, never overdue on Đồng Nai's
home page or in reminders, until Đồng Nai takes the plan over ("tiếp
nhận") from a day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from antq.accounts.models import Role
from antq.core.periods import parse
from antq.plans.models import Occurrence, Plan, Task
from antq.plans.selectors import assigned_to, overdue_for, plans_for
from antq.plans.services import plan_take_over
from antq.reminders.models import Kind, Notification
from antq.reminders.services import reminders_send
from antq.reports.drafting import draft_figures
from antq.reports.models import ReportTemplate
from antq.reports.services import report_create
from antq.units.models import PUBLISHED, REFORM_2025_CLOSE, REFORM_2025_OPEN, Unit
from conftest import link, make_unit, make_user

TASKS = [
    ("Tuyên truyền, vận động Nhân dân tham gia phong trào", "70", "2022-12-31"),
    ("Xây dựng, nhân rộng mô hình “tự phòng, tự quản, tự bảo vệ”", "70-CA", "2023-06-30"),
    ("Xây dựng khu dân cư, xã, cơ quan đạt tiêu chuẩn “an toàn về ANTQ”", "70-CA", "2023-12-31"),
    ("Tổ chức Ngày hội toàn dân bảo vệ ANTQ (19/8) hằng năm", "70-CA", None),
    ("Xây dựng lực lượng nòng cốt đủ về số lượng, bảo đảm chất lượng", "70-CA", "2024-06-30"),
    ("Thi đua, khen thưởng trong phong trào", "70", "2024-12-31"),
    ("Ứng dụng công nghệ thông tin, cập nhật thông tin phong trào", "70", "2025-12-31"),
]
FESTIVAL = "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19"


class Region:
    """Bình Phước until 30/06/2025 and today's Đồng Nai carrying it."""


@pytest.fixture
def region(tree, personas) -> Region:
    r = Region()
    r.binh_phuoc = make_unit(
        code="70",
        name="Tỉnh Bình Phước",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_to=REFORM_2025_CLOSE,
    )
    r.police = make_unit(
        parent=r.binh_phuoc,
        code="70-CA",
        name="Công an tỉnh Bình Phước",
        type=Unit.Type.AGENCY,
        kind=Unit.Kind.CO_QUAN,
        valid_to=REFORM_2025_CLOSE,
    )
    r.dong_nai = make_unit(
        code="75",
        name="Tỉnh Đồng Nai",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_from=REFORM_2025_OPEN,
    )
    link(r.binh_phuoc, r.dong_nai)
    r.officer = make_user("dongnai.duyet", Role.APPROVER, r.dong_nai)
    return r


def body() -> dict:
    return {
        "unit": "70",
        "number": "222",
        "symbol": "KH-UBND",
        "date": "2022-07-28",
        "title": "Nâng cao chất lượng phong trào Toàn dân bảo vệ ANTQ giai đoạn 2022–2025",
        "first_year": 2022,
        "last_year": 2025,
        "kind": "multi_year",
        "tasks": [
            {"number": n, "text": text, "lead": lead, "deadline": deadline}
            if deadline
            else {"number": n, "text": text, "lead": lead, "recurrence": FESTIVAL}
            for n, (text, lead, deadline) in enumerate(TASKS, start=1)
        ],
    }


def enter_through_the_api(client, auth, region) -> None:
    made = client.post(
        "/api/v1/plans", body(), content_type="application/json", **auth(region.officer)
    )
    assert made.status_code == 201, made.json()
    leads = {task["lead_name"] for task in made.json()["tasks"]}
    assert leads == {"Tỉnh Bình Phước", "Công an tỉnh Bình Phước"}  # the units of 2022


def enter_through_the_page(client, region) -> None:
    client.force_login(region.officer)
    plan = body()
    answer = client.post(
        "/ke-hoach/them/",
        {
            key: plan[key]
            for key in ("number", "symbol", "date", "title", "first_year", "last_year", "kind")
        }
        | {"unit": region.binh_phuoc.pk},
    )
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    pk = Plan.objects.get().pk
    leads = client.get(f"/ke-hoach/{pk}/").context["task_form"].fields["lead"].queryset
    assert {u.name for u in leads} == {"Tỉnh Bình Phước", "Công an tỉnh Bình Phước"}
    for number, task in enumerate(plan["tasks"], start=1):
        lead = Unit.objects.get(code=task["lead"], valid_to=REFORM_2025_CLOSE)
        form = {"number": number, "text": task["text"], "lead": lead.pk, "version": ""}
        if task.get("deadline"):
            form |= {"deadline": task["deadline"], "repeat": ""}
        else:
            form |= {"deadline": "2022-08-19", "repeat": "yearly"}
        answer = client.post(f"/ke-hoach/{pk}/nhiem-vu/them/", form)
        assert answer.status_code == 302, answer.content.decode()[-2000:]


@pytest.mark.parametrize("entry", ["api", "page"])
def test_binh_phuoc_plan_222_is_history_of_dong_nai_never_overdue_until_taken_over(
    tree, personas, region, client, auth, entry
):
    if entry == "api":
        enter_through_the_api(client, auth, region)
    else:
        enter_through_the_page(client, region)
    plan = Plan.objects.get()
    assert plan.tasks.count() == 7 and Occurrence.objects.count() == 10
    assert set(Task.objects.values_list("lead__valid_to", flat=True)) == {REFORM_2025_CLOSE}
    assert list(plans_for(region.officer, root=region.binh_phuoc)) == [plan]  # as published
    assert list(plans_for(region.officer, root=region.dong_nai, include_history=True)) == [plan]
    assert list(plans_for(region.officer, root=region.dong_nai)) == []  # not Đồng Nai's own

    officer = region.officer
    assert Occurrence.objects.history().count() == 10
    assert not overdue_for(officer).exists() and not assigned_to(officer).exists()
    client.force_login(officer)
    home = client.get("/").content.decode()
    assert 'id="overdue-tasks"' not in home
    detail = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "quá hạn</strong>" not in detail and "lịch sử" in detail
    with time_machine.travel(datetime(2025, 8, 21, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        reminders_send(today=date(2025, 8, 21))
    assert not Notification.objects.filter(kind__in=[Kind.TASK_DUE, Kind.TASK_OVERDUE]).exists()

    # the report of 2022: as published under Bình Phước, restated under Đồng Nai
    template = ReportTemplate.objects.get(is_default=True)
    published = draft_figures(
        template=template, root=region.binh_phuoc, period=parse("2022"), view=PUBLISHED
    )
    restated = report_create(by=officer, unit=region.dong_nai, period="2022").figures
    for figures in (published, restated):
        plans = next(
            s["table"]
            for s in figures["sections"]
            if s["table"]
            and s["table"]["rows"][0][0] == "Kế hoạch"
            and "Thực hiện" in s["table"]["title"]
        )
        assert plans["rows"][1][:4] == [
            "222/KH-UBND: Nâng cao chất lượng phong trào Toàn dân bảo vệ ANTQ giai đoạn 2022–2025",
            "2",  # 31/12/2022 and 19/08/2022
            "0",
            "0",  # history is never overdue
        ]

    # Đồng Nai takes the plan over from 01/07/2025: what falls due from then is its own
    plan_take_over(by=officer, plan=plan, unit=region.dong_nai, on=REFORM_2025_OPEN)
    assert sorted(o.due for o in overdue_for(officer)) == [date(2025, 8, 19), date(2025, 12, 31)]
    assert Occurrence.objects.history().count() == 8
    detail = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Tỉnh Đồng Nai tiếp nhận từ ngày 01/07/2025" in detail
    home = client.get("/").content.decode()
    assert 'id="overdue-tasks"' in home
    with time_machine.travel(datetime(2025, 8, 21, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        reminders_send(today=date(2025, 8, 21))
    reminded = Notification.objects.get(kind=Kind.TASK_OVERDUE)
    assert reminded.user == officer and "19/08/2025" in reminded.text


def test_a_takeover_is_by_a_successor_after_the_closure_within_the_plan(
    tree, personas, region, client, auth
):
    enter_through_the_api(client, auth, region)
    plan = Plan.objects.get()
    for unit, on, field in [
        (region.dong_nai, date(2025, 6, 1), "on"),  # Bình Phước still existed
        (region.dong_nai, date(2026, 1, 1), "on"),  # the plan ended with 2025
        (tree.vinh_long, date(2025, 7, 1), "unit"),  # not Bình Phước's successor
    ]:
        with pytest.raises(ValidationError) as caught:
            plan_take_over(by=personas.system_admin, plan=plan, unit=unit, on=on)
        assert field in caught.value.message_dict
    answer = client.post(
        f"/api/v1/plans/{plan.pk}/take-over",
        {"unit": "75", "on": "2025-07-01"},
        content_type="application/json",
        **auth(region.officer),
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["taken_over_by"], answer.json()["taken_over_on"]) == ("75", "2025-07-01")
    refused = client.post(
        f"/api/v1/plans/{plan.pk}/take-over",
        {"unit": "22", "on": "2025-07-01"},
        content_type="application/json",
        **auth(personas.province_approver),
    )
    assert refused.status_code == 404  # Quảng Ninh does not see Bình Phước's plan
