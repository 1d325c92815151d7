"""`/api/v1/plans`: the contract's fields, tasks inline, occurrences, progress."""

from antq.plans.models import Occurrence, Plan

PLAN = {
    "unit": "22",
    "number": "222",
    "symbol": "KH-UBND",
    "date": "2022-03-10",
    "title": "Thực hiện phong trào Toàn dân bảo vệ ANTQ giai đoạn 2022–2025",
    "first_year": 2022,
    "last_year": 2025,
    "tasks": [
        {
            "number": 1,
            "text": "Tổ chức Ngày hội 19/8",
            "lead": "06688",
            "recurrence": "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=19",
        },
        {"number": 2, "text": "Sơ kết 3 năm", "lead": "22", "deadline": "2024-12-31"},
    ],
}


def test_a_plan_with_tasks_and_progress_through_the_api(client, personas, tree, auth):
    province = auth(personas.province_approver)
    created = client.post("/api/v1/plans", PLAN, content_type="application/json", **province)
    assert created.status_code == 201, created.json()
    body = created.json()
    festival = body["tasks"][0]
    assert festival["occurrences"] == ["2022-08-19", "2023-08-19", "2024-08-19", "2025-08-19"]
    assert body["tasks"][1]["occurrences"] == ["2024-12-31"]
    reported = client.post(
        f"/api/v1/plans/tasks/{festival['id']}/progress",
        {"due": "2023-08-19", "status": "done", "percent": 100, "narrative": "54 điểm"},
        content_type="application/json",
        **auth(personas.officer_a),  # the lead commune reports
    )
    assert reported.status_code == 200 and reported.json()["status"] == "done"
    listed = client.get("/api/v1/plans?unit=22&year=2023", **province).json()
    assert listed["count"] == 1
    tasks = client.get(f"/api/v1/plans/{body['id']}/tasks", **province).json()
    assert [o["status"] for o in tasks[0]["progress"]][:2] == ["not_started", "done"]


def test_bad_plans_and_reports_are_4xx_and_write_nothing(client, personas, tree, auth):
    province = auth(personas.province_approver)
    outside = {**PLAN, "tasks": [{**PLAN["tasks"][1], "deadline": "2026-06-30"}]}
    answer = client.post("/api/v1/plans", outside, content_type="application/json", **province)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["msg"] == (
        "Thời hạn 30/06/2026 ngoài thời gian của kế hoạch (2022–2025)."
    )
    assert not Plan.objects.exists()
    pk = client.post("/api/v1/plans", PLAN, content_type="application/json", **province).json()[
        "id"
    ]
    task = Plan.objects.get(pk=pk).tasks.get(number=2)
    wrong = client.post(
        f"/api/v1/plans/tasks/{task.pk}/progress",
        {"due": "2024-12-31", "status": "done", "percent": 100},
        content_type="application/json",
        **auth(personas.officer_b),
    )
    assert wrong.status_code == 404  # commune B neither sees the plan nor leads the task
    assert not Occurrence.objects.filter(status="done").exists()
